namespace ModularDesk.Channels.Contracts.Inbox;

/// <summary>
/// The Channels inbox as the ingestion worker (Tickets) sees it. A claim is a lease, not a held lock:
/// <see cref="ClaimPendingAsync"/> picks due pending rows with <c>FOR UPDATE SKIP LOCKED</c> (so several hosts
/// share the backlog without waiting on each other), pushes their <c>next_attempt_at</c> past the lease and commits.
/// A worker that dies mid-batch loses nothing: its rows become due again when the lease runs out, so processing
/// must be idempotent per <see cref="ClaimedInboxMessage.InboxId"/>.
/// </summary>
public interface IInbox
{
    /// <summary>Claims up to <paramref name="batchSize"/> due pending messages, oldest first, for <paramref name="lease"/>.</summary>
    Task<IReadOnlyList<ClaimedInboxMessage>> ClaimPendingAsync(int batchSize, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Records that the message became part of a ticket.</summary>
    Task MarkProcessedAsync(Guid inboxId, Guid ticketId, Guid clientId, CancellationToken cancellationToken);

    /// <summary>Records a whole batch as processed in one statement (what a worker filing hundreds at once uses).</summary>
    Task MarkProcessedAsync(IReadOnlyList<ProcessedInboxMessage> messages, CancellationToken cancellationToken);

    /// <summary>
    /// Records a failed attempt. With <paramref name="retryAt"/> the message stays pending and is claimable again
    /// from then; without it the message is <see cref="InboxStatus.Failed"/> for good.
    /// </summary>
    Task MarkFailedAsync(Guid inboxId, string error, DateTimeOffset? retryAt, CancellationToken cancellationToken);

    /// <summary>Reads one message (any status); null when unknown.</summary>
    Task<ClaimedInboxMessage?> FindAsync(Guid inboxId, CancellationToken cancellationToken);
}
