namespace ModularDesk.Channels.Contracts.Outbound;

/// <summary>Per client and channel type: opted in or out (G5). Outbound to an opted-out client is refused.</summary>
public interface IConsentRegistry
{
    Task<IReadOnlyList<ClientConsent>> GetAsync(Guid clientId, CancellationToken cancellationToken = default);

    Task SetAsync(Guid clientId, string channelType, bool optedOut, string source, CancellationToken cancellationToken = default);
}

/// <summary>One consent: <paramref name="Status"/> is <c>optedIn</c> or <c>optedOut</c>.</summary>
public sealed record ClientConsent(string ChannelType, string Status, DateTimeOffset At, string Source);
