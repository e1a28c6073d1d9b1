namespace ModularDesk.Channels.Contracts.Inbox;

/// <summary>An inbox message claimed for processing by <see cref="IInbox.ClaimPendingAsync"/>.</summary>
/// <param name="InboxId">The inbox entry.</param>
/// <param name="ChannelId">The channel instance it arrived on.</param>
/// <param name="PluginId">The channel's plugin (<c>email</c>, <c>api</c>, …), i.e. the channel type.</param>
/// <param name="Message">The message as received.</param>
/// <param name="ReceivedAt">When the inbox stored it.</param>
/// <param name="Attempts">Earlier processing attempts (0 the first time).</param>
public sealed record ClaimedInboxMessage(
    Guid InboxId, Guid ChannelId, string PluginId, InboundMessageData Message, DateTimeOffset ReceivedAt, int Attempts);
