using ModularDesk.BuildingBlocks.Outbox;
using ModularDesk.Testing;
using Npgsql;

namespace ModularDesk.BuildingBlocks.Tests.Outbox;

public sealed class OutboxDeliveryTests : IAsyncLifetime
{
    private const string Schema = DeskDbContext.SchemaName;
    private TestDatabase database = null!;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task An_event_committed_with_its_ticket_is_applied_exactly_once_and_a_rolled_back_one_never()
    {
        await using var desk = OutboxHarness.Start(database, "outbox-once");
        await desk.CreateSchemaAsync();
        var committed = new TicketOpened(Guid.NewGuid());
        var rolledBack = new TicketOpened(Guid.NewGuid());
        await desk.UseContextAsync(async context =>
        {
            await using (var transaction = await context.Database.BeginTransactionAsync())
            {
                context.Tickets.Add(new DeskTicket { Id = committed.TicketId, Subject = "Printer on fire" });
                context.Publish(committed);
                await context.SaveChangesAsync();
                await transaction.CommitAsync();
            }

            await using (var transaction = await context.Database.BeginTransactionAsync())
            {
                context.Tickets.Add(new DeskTicket { Id = rolledBack.TicketId, Subject = "Never happened" });
                context.Publish(rolledBack);
                await context.SaveChangesAsync();
                await transaction.RollbackAsync();
            }
        });

        await desk.DrainAsync();
        // Redelivery (as after a crash between handling and marking the message delivered).
        await database.ExecuteAsync($"UPDATE {Schema}.outbox_messages SET processed_at = NULL");
        await desk.DrainAsync();

        Assert.Equal(1L, await CountAsync($"SELECT count(*) FROM {Schema}.handled_events WHERE event_id = '{committed.EventId}'"));
        Assert.Equal(0L, await CountAsync($"SELECT count(*) FROM {Schema}.handled_events WHERE event_id = '{rolledBack.EventId}'"));
        Assert.Equal(1L, await CountAsync($"SELECT count(*) FROM {Schema}.outbox_messages"));
        Assert.Equal(0L, await CountAsync($"SELECT count(*) FROM {Schema}.outbox_messages WHERE processed_at IS NULL"));
        Assert.Equal(1L, await CountAsync($"SELECT count(*) FROM {Schema}.tickets"));
    }

    [Fact]
    public async Task Every_event_is_applied_exactly_once_after_the_dispatcher_is_killed_mid_way()
    {
        const int events = 500;
        await using (var setup = OutboxHarness.Start(database, "outbox-setup"))
        {
            await setup.CreateSchemaAsync();
            for (var chunk = 0; chunk < events / 100; chunk++)
            {
                await setup.UseContextAsync(async context =>
                {
                    for (var i = 0; i < 100; i++)
                    {
                        var opened = new TicketOpened(Guid.NewGuid());
                        context.Tickets.Add(new DeskTicket { Id = opened.TicketId, Subject = $"Ticket {chunk}-{i}" });
                        context.Publish(opened);
                    }

                    await context.SaveChangesAsync();
                });
            }
        }

        await using (var first = OutboxHarness.Start(database, "outbox-first"))
        {
            await first.Dispatcher.StartAsync(CancellationToken.None);
            await WaitForHandledAsync(50);
            // The database drops the dispatcher's connections: its claim transaction and any handler mid-work.
            var killed = await CountAsync($"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '{first.ApplicationName}'");
            Assert.True(killed > 0, "the dispatcher had no open connection to kill");
            await WaitForHandledAsync(150);
            // Then the process is told to stop while it is delivering.
            await first.Dispatcher.StopAsync(CancellationToken.None);
        }

        Assert.True(await CountAsync($"SELECT count(*) FROM {Schema}.outbox_messages WHERE processed_at IS NULL") > 0,
            "the first dispatcher finished before it was stopped; the test proves nothing");

        await using (var second = OutboxHarness.Start(database, "outbox-second"))
        {
            await second.Dispatcher.StartAsync(CancellationToken.None);
            await Eventually.TrueAsync(
                async () => await CountAsync($"SELECT count(*) FROM {Schema}.outbox_messages WHERE processed_at IS NULL") == 0,
                TimeSpan.FromMinutes(2), "the outbox is drained");
            await second.Dispatcher.StopAsync(CancellationToken.None);
        }

        Assert.Equal((long)events, await CountAsync($"SELECT count(*) FROM {Schema}.outbox_messages"));
        Assert.Equal((long)events, await CountAsync($"SELECT count(DISTINCT event_id) FROM {Schema}.handled_events"));
        Assert.Equal(0L, await CountAsync(
            $"SELECT count(*) FROM (SELECT event_id FROM {Schema}.handled_events GROUP BY event_id HAVING count(*) <> 1) duplicates"));
        Assert.Equal(0L, await CountAsync(
            $"SELECT count(*) FROM {Schema}.outbox_messages m WHERE NOT EXISTS (SELECT 1 FROM {Schema}.handled_events h WHERE h.event_id = m.id)"));
    }

    [Fact]
    public async Task Events_handled_just_before_a_crash_but_not_yet_marked_delivered_are_not_applied_again()
    {
        const int events = 30;
        const int batchSize = 10;
        const int crashAt = 15;
        await using (var setup = OutboxHarness.Start(database, "outbox-crash-setup"))
        {
            await setup.CreateSchemaAsync();
            await setup.UseContextAsync(async context =>
            {
                for (var i = 0; i < events; i++)
                {
                    context.Publish(new TicketClosed(Guid.NewGuid()) { OccurredAt = DateTimeOffset.UtcNow.AddSeconds(-events + i) });
                }

                await context.SaveChangesAsync();
            });
        }

        await using (var crashing = OutboxHarness.Start(database, "outbox-crashing", powerCutAt: crashAt))
        {
            // The first batch is delivered and marked; the second loses its connections after its fifth event committed.
            // Its outcomes are written together at its end, so it goes on applying the rest (a real crash would stop
            // there; either way nothing of the second batch is marked) and then fails.
            await Assert.ThrowsAnyAsync<NpgsqlException>(crashing.DrainAsync);
        }

        Assert.Equal((long)(2 * batchSize), await CountAsync($"SELECT count(*) FROM {Schema}.handled_events"));
        Assert.Equal((long)(events - batchSize), await CountAsync($"SELECT count(*) FROM {Schema}.outbox_messages WHERE processed_at IS NULL"));
        // The crash window is real: these events were applied, yet their outbox rows still say "not delivered".
        Assert.Equal((long)batchSize, await CountAsync(
            $"SELECT count(*) FROM {Schema}.outbox_messages m WHERE m.processed_at IS NULL AND EXISTS (SELECT 1 FROM {Schema}.handled_events h WHERE h.event_id = m.id)"));

        await using (var restarted = OutboxHarness.Start(database, "outbox-restarted"))
        {
            await restarted.DrainAsync();
        }

        Assert.Equal((long)events, await CountAsync($"SELECT count(DISTINCT event_id) FROM {Schema}.handled_events"));
        Assert.Equal((long)events, await CountAsync($"SELECT count(*) FROM {Schema}.handled_events"));
        Assert.Equal(0L, await CountAsync($"SELECT count(*) FROM {Schema}.outbox_messages WHERE processed_at IS NULL"));
    }

    [Fact]
    public async Task A_failing_handler_is_retried_with_back_off_without_holding_up_other_events()
    {
        await using var desk = OutboxHarness.Start(database, "outbox-retry");
        await desk.CreateSchemaAsync();
        var before = new TicketOpened(Guid.NewGuid());
        var escalated = new TicketEscalated(Guid.NewGuid()) { OccurredAt = before.OccurredAt.AddMilliseconds(1) };
        var after = new TicketOpened(Guid.NewGuid()) { OccurredAt = before.OccurredAt.AddMilliseconds(2) };
        await desk.UseContextAsync(async context =>
        {
            context.Publish(before);
            context.Publish(escalated);
            context.Publish(after);
            await context.SaveChangesAsync();
        });

        await desk.DrainAsync();

        Assert.Equal(2L, await CountAsync($"SELECT count(*) FROM {Schema}.handled_events WHERE event_id IN ('{before.EventId}', '{after.EventId}')"));
        Assert.Equal(0L, await CountAsync($"SELECT count(*) FROM {Schema}.handled_events WHERE event_id = '{escalated.EventId}'"));
        Assert.Equal(1L, await CountAsync(
            $"""
             SELECT count(*) FROM {Schema}.outbox_messages
             WHERE id = '{escalated.EventId}' AND processed_at IS NULL AND attempts = 1
               AND last_error LIKE '%escalation desk is closed%' AND next_attempt_at > now() + interval '1 second'
             """));
        // Backing off: not due yet, so nothing is delivered now.
        Assert.Equal(0, await desk.Dispatcher.DispatchBatchAsync(Schema, CancellationToken.None));

        // Time passes (the back-off elapses) and the desk reopens.
        await database.ExecuteAsync($"UPDATE {Schema}.outbox_messages SET next_attempt_at = now() WHERE id = '{escalated.EventId}'");
        desk.EscalationDesk.Failing = false;
        await desk.DrainAsync();

        Assert.Equal(1L, await CountAsync($"SELECT count(*) FROM {Schema}.handled_events WHERE event_id = '{escalated.EventId}'"));
        Assert.Equal(0L, await CountAsync($"SELECT count(*) FROM {Schema}.outbox_messages WHERE processed_at IS NULL"));
    }

    [Fact]
    public async Task The_back_off_counts_from_the_failure_not_from_the_start_of_a_slow_batch()
    {
        await using var desk = OutboxHarness.Start(database, "outbox-slow-batch");
        await desk.CreateSchemaAsync();
        var merged = new TicketsMerged(Guid.NewGuid(), Guid.NewGuid());
        var escalated = new TicketEscalated(Guid.NewGuid()) { OccurredAt = merged.OccurredAt.AddMilliseconds(1) };
        await desk.UseContextAsync(async context =>
        {
            context.Publish(merged);
            context.Publish(escalated);
            await context.SaveChangesAsync();
        });

        // One batch: the merge takes its time, then the escalation is refused.
        Assert.Equal(2, await desk.Dispatcher.DispatchBatchAsync(Schema, CancellationToken.None));

        var refusedAt = desk.EscalationDesk.LastRefusedAt ?? throw new InvalidOperationException("the escalation was never attempted");
        var firstDelay = new OutboxOptions().RetryDelay(1);
        // Counted from the batch's start, the retry would already be due when the escalation failed.
        Assert.True(await database.ScalarAsync<bool>(
                $"SELECT next_attempt_at >= '{refusedAt:O}'::timestamptz + interval '{(firstDelay - TimeSpan.FromSeconds(1)).TotalSeconds} seconds' " +
                $"FROM {Schema}.outbox_messages WHERE id = '{escalated.EventId}'"),
            "the retry is scheduled less than the back-off after the failure");
        Assert.Equal(0, await desk.Dispatcher.DispatchBatchAsync(Schema, CancellationToken.None));
    }

    [Fact]
    public async Task An_unreadable_payload_is_recorded_as_failed_and_does_not_block_the_outbox()
    {
        await using var desk = OutboxHarness.Start(database, "outbox-poison");
        await desk.CreateSchemaAsync();
        var readable = new TicketOpened(Guid.NewGuid());
        await desk.UseContextAsync(async context =>
        {
            context.Publish(readable);
            await context.SaveChangesAsync();
        });
        var poisonId = Guid.NewGuid();
        var eventType = await database.ScalarAsync<string>($"SELECT event_type FROM {Schema}.outbox_messages LIMIT 1");
        await database.ExecuteAsync(
            $"""
             INSERT INTO {Schema}.outbox_messages (id, event_type, payload, occurred_at, next_attempt_at, attempts)
             VALUES ('{poisonId}', '{eventType}', '"not an event"', now() - interval '1 minute', now() - interval '1 minute', 0)
             """);

        await desk.DrainAsync();

        Assert.Equal(1L, await CountAsync($"SELECT count(*) FROM {Schema}.handled_events WHERE event_id = '{readable.EventId}'"));
        Assert.Equal(1L, await CountAsync(
            $"SELECT count(*) FROM {Schema}.outbox_messages WHERE id = '{poisonId}' AND processed_at IS NULL AND attempts = 1 AND last_error IS NOT NULL"));
    }

    private async Task WaitForHandledAsync(long atLeast) =>
        await Eventually.TrueAsync(
            async () => await CountAsync($"SELECT count(*) FROM {Schema}.handled_events") >= atLeast,
            TimeSpan.FromMinutes(1), $"{atLeast} events handled");

    private async Task<long> CountAsync(string sql) => await database.ScalarAsync<long>(sql);
}
