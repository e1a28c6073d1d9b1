namespace ModularDesk.Channels.Contracts.Outbound;

/// <summary>
/// Whether the desk can write to each address now (C23), on every enabled channel able to reach it: WhatsApp
/// window open until when, email bounced, Telegram bot blocked, opted out.
/// </summary>
public interface IContactReachability
{
    Task<IReadOnlyList<ContactReachabilityInfo>> CheckAsync(
        Guid? clientId, IReadOnlyList<OutboundRecipient> recipients, CancellationToken cancellationToken = default);
}

/// <summary>One address on one channel.</summary>
/// <param name="Reason">Why not (or what limits it): <c>window-closed</c>, <c>bounced: …</c>, <c>blocked: …</c>, <c>opted-out</c>; null when free.</param>
public sealed record ContactReachabilityInfo(
    OutboundRecipient Recipient, Guid ChannelId, string ChannelType, bool CanSendText, bool CanSendTemplate,
    DateTimeOffset? WindowClosesAt, string? Reason);
