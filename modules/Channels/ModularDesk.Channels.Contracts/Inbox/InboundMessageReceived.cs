using ModularDesk.BuildingBlocks.Contracts;

namespace ModularDesk.Channels.Contracts.Inbox;

/// <summary>
/// A message was stored in the Channels inbox (not a duplicate). Published in the same transaction as the
/// inbox row, so a subscriber (the Tickets ingestion) can wake up instead of polling; the inbox row itself
/// stays the source of truth, claimed through <see cref="IInbox"/>.
/// </summary>
public sealed record InboundMessageReceived(Guid InboxId, Guid ChannelId) : IntegrationEvent;
