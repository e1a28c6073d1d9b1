using ModularDesk.BuildingBlocks.Contracts;

namespace ModularDesk.Channels.Contracts.Inbox;

/// <summary>
/// New messages were stored in the Channels inbox (not duplicates). Published in the same transaction as the
/// inbox rows, so a subscriber (the Tickets ingestion) can wake up instead of polling; the inbox rows themselves
/// stay the source of truth, claimed through <see cref="IInbox"/>. The inbox writes messages that arrive together
/// in one transaction (group commit) and publishes ONE event per channel per transaction, naming the first new
/// message (<see cref="InboxId"/>): a wake-up, not a per-message notification.
/// </summary>
public sealed record InboundMessageReceived(Guid InboxId, Guid ChannelId) : IntegrationEvent;
