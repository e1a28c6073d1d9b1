namespace ModularDesk.Channels.Contracts.Inbox;

/// <summary>An inbox message that became part of a ticket, for <see cref="IInbox.MarkProcessedAsync(IReadOnlyList{ProcessedInboxMessage}, CancellationToken)"/>.</summary>
public sealed record ProcessedInboxMessage(Guid InboxId, Guid TicketId, Guid ClientId);
