using Microsoft.EntityFrameworkCore;
using ModularDesk.Channels.Contracts.Outbound;
using ModularDesk.Channels.Persistence;
using Npgsql;

namespace ModularDesk.Channels.Outbound;

/// <summary>
/// Every status change of an outbound message, each in one transaction with its <see cref="OutboundStatusChanged"/>
/// event. Sending and delivery reports about one (channel, external id) take the same advisory lock, so a report
/// that arrives before the send is recorded is parked (<see cref="PendingDeliveryReport"/>) and applied by the send,
/// never lost between the two.
/// </summary>
internal sealed class OutboundStatusWriter(ChannelsDbContext db, TimeProvider clock)
{
    /// <summary>Records a send the service accepted; false when the message was no longer queued (another host sent it).</summary>
    public async Task<bool> MarkSentAsync(Guid outboundId, string? externalMessageId, CancellationToken cancellationToken)
    {
        try
        {
            return await MarkSentOnceAsync(outboundId, externalMessageId, null, cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The service gave an id another message already has (it deduplicated a resend); keep the send, not the id.
            db.ChangeTracker.Clear();
            return await MarkSentOnceAsync(
                outboundId, null, $"The service's message id '{externalMessageId}' already belongs to another message.", cancellationToken);
        }
    }

    public async Task MarkRetryAsync(Guid outboundId, string error, DateTimeOffset retryAt, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync(
            $"""
             UPDATE channels.outbound_messages SET error = {error}, next_attempt_at = {retryAt}
             WHERE id = {outboundId} AND status = 'queued'
             """,
            cancellationToken);
    }

    public async Task MarkFailedAsync(Guid outboundId, string reason, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var record = await LockAsync(outboundId, cancellationToken);
        if (record is null || record.Status != OutboundStatuses.Queued)
        {
            return;
        }

        var now = clock.GetUtcNow();
        record.Status = OutboundStatuses.Failed;
        record.Error = reason;
        record.FailedAt = now;
        record.StatusChangedAt = now;
        Publish(record, now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Applies a connector's delivery report to the message it names, or parks it until that message is recorded as sent.</summary>
    public async Task ReportAsync(Guid channelId, string externalMessageId, string status, DateTimeOffset at, string? error, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockExternalIdAsync(channelId, externalMessageId, cancellationToken);
        var record = (await db.OutboundMessages
            .FromSql($"SELECT * FROM channels.outbound_messages WHERE channel_id = {channelId} AND external_message_id = {externalMessageId} FOR UPDATE")
            .ToListAsync(cancellationToken)).SingleOrDefault();
        if (record is null)
        {
            await db.Database.ExecuteSqlAsync(
                $"""
                 INSERT INTO channels.pending_delivery_reports (channel_id, external_message_id, status, at, error, received_at)
                 VALUES ({channelId}, {externalMessageId}, {status}, {at}, {error}, {clock.GetUtcNow()})
                 ON CONFLICT DO NOTHING
                 """,
                cancellationToken);
        }
        else if (DeliveryTransitions.Apply(record, status, at, error, clock.GetUtcNow()))
        {
            Publish(record, at);
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task MarkUnreachableAsync(Guid channelId, string addressKey, string reason, CancellationToken cancellationToken)
    {
        var trimmed = reason.Length <= 1000 ? reason : reason[..1000];
        await db.Database.ExecuteSqlAsync(
            $"""
             INSERT INTO channels.unreachable_contacts (channel_id, address_key, reason, marked_at)
             VALUES ({channelId}, {addressKey}, {trimmed}, {clock.GetUtcNow()})
             ON CONFLICT (channel_id, address_key) DO UPDATE SET reason = excluded.reason, marked_at = excluded.marked_at
             """,
            cancellationToken);
    }

    /// <summary>Drops parked reports nobody claimed within a day (messages sent outside the desk).</summary>
    public Task<int> PurgeStaleReportsAsync(CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow().AddDays(-1);
        return db.Database.ExecuteSqlAsync(
            $"DELETE FROM channels.pending_delivery_reports WHERE received_at < {before}", cancellationToken);
    }

    private async Task<bool> MarkSentOnceAsync(Guid outboundId, string? externalMessageId, string? note, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var record = await LockAsync(outboundId, cancellationToken);
        if (record is null || record.Status != OutboundStatuses.Queued)
        {
            return false;
        }

        if (externalMessageId is not null)
        {
            await LockExternalIdAsync(record.ChannelId, externalMessageId, cancellationToken);
        }

        var now = clock.GetUtcNow();
        record.Status = OutboundStatuses.Sent;
        record.ExternalMessageId = externalMessageId;
        record.SentAt = now;
        record.StatusChangedAt = now;
        record.Error = note;
        Publish(record, now);

        if (externalMessageId is not null)
        {
            var parked = await db.PendingDeliveryReports
                .Where(r => r.ChannelId == record.ChannelId && r.ExternalMessageId == externalMessageId)
                .OrderBy(r => r.At)
                .ToListAsync(cancellationToken);
            foreach (var report in parked)
            {
                if (DeliveryTransitions.Apply(record, report.Status, report.At, report.Error, now))
                {
                    Publish(record, report.At);
                }

                db.PendingDeliveryReports.Remove(report);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private async Task<OutboundRecord?> LockAsync(Guid outboundId, CancellationToken cancellationToken) =>
        (await db.OutboundMessages
            .FromSql($"SELECT * FROM channels.outbound_messages WHERE id = {outboundId} FOR UPDATE")
            .ToListAsync(cancellationToken)).SingleOrDefault();

    private Task LockExternalIdAsync(Guid channelId, string externalMessageId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync(
            $"SELECT pg_advisory_xact_lock(hashtextextended({channelId.ToString()} || '/' || {externalMessageId}, 0))",
            cancellationToken);

    private void Publish(OutboundRecord record, DateTimeOffset at) => db.Publish(new OutboundStatusChanged(
        record.Id, record.ChannelId, record.ClientId, record.TicketId, record.TicketMessageId, record.Status,
        record.Status == OutboundStatuses.Failed ? record.Error : null, at));
}
