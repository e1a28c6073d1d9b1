using ModularDesk.Testing;
using Npgsql;

namespace ModularDesk.BuildingBlocks.Tests.Outbox;

/// <summary>
/// Runs: consecutive events of one type in a claimed batch, applied by a handler that takes runs
/// (<see cref="TicketNotedHandler"/>) in one transaction. The harness claims batches of 10.
/// </summary>
public sealed class OutboxRunTests : IAsyncLifetime
{
    private const string Schema = DeskDbContext.SchemaName;
    private TestDatabase database = null!;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task A_run_is_applied_in_one_go_in_claimed_order_and_ends_where_another_event_type_comes_between()
    {
        await using var desk = OutboxHarness.Start(database, "runs-order");
        await desk.CreateSchemaAsync();
        var ticket = Guid.NewGuid();
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);
        var opened = new TicketOpened(Guid.NewGuid()) { OccurredAt = start.AddMilliseconds(4) };
        await desk.UseContextAsync(async context =>
        {
            // Published out of order on purpose: the outbox is claimed by time, so 1..4 come before the opening, 5..6 after.
            foreach (var n in new[] { 6, 2, 1, 5, 3, 4 })
            {
                context.Publish(new TicketNoted(ticket, n) { OccurredAt = start.AddMilliseconds(n <= 4 ? n - 1 : n) });
            }

            context.Publish(opened);
            await context.SaveChangesAsync();
        });

        Assert.Equal(7, await desk.Dispatcher.DispatchBatchAsync(Schema, CancellationToken.None));

        Assert.Equal(
            [(1, 4), (2, 4), (3, 4), (4, 4), (5, 2), (6, 2)],
            await NotesAsync());
        Assert.Equal(1L, await CountAsync($"SELECT count(*) FROM {Schema}.handled_events WHERE event_id = '{opened.EventId}'"));
        Assert.Equal(0L, await CountAsync($"SELECT count(*) FROM {Schema}.outbox_messages WHERE processed_at IS NULL OR attempts > 0"));
        Assert.Equal(6L, await CountAsync($"SELECT count(*) FROM {Schema}.processed_events WHERE handler LIKE '%TicketNotedHandler'"));
    }

    [Fact]
    public async Task A_poison_event_in_a_run_is_retried_alone_with_back_off_and_the_others_are_applied_once()
    {
        await using var desk = OutboxHarness.Start(database, "runs-poison");
        await desk.CreateSchemaAsync();
        desk.NoteDesk.Refused.Add(3);
        var notes = await PublishNotesAsync(desk, 6);

        await desk.DrainAsync();

        // The run failed as a whole (nothing of it stays), then went one at a time: five applied once, one refused.
        Assert.Equal([(1, 1), (2, 1), (4, 1), (5, 1), (6, 1)], await NotesAsync());
        Assert.Equal(1L, await CountAsync(
            $"""
             SELECT count(*) FROM {Schema}.outbox_messages
             WHERE id = '{notes[2].EventId}' AND processed_at IS NULL AND attempts = 1
               AND last_error LIKE '%Note 3 is refused%' AND next_attempt_at > now() + interval '1 second'
             """));
        Assert.Equal(0L, await CountAsync($"SELECT count(*) FROM {Schema}.outbox_messages WHERE processed_at IS NULL AND id <> '{notes[2].EventId}'"));
        Assert.Equal(0L, await CountAsync($"SELECT count(*) FROM {Schema}.processed_events WHERE event_id = '{notes[2].EventId}'"));
        Assert.Equal(0, await desk.Dispatcher.DispatchBatchAsync(Schema, CancellationToken.None));

        // The back-off elapses and the note is accepted now: it alone is delivered.
        lock (desk.NoteDesk.Refused)
        {
            desk.NoteDesk.Refused.Clear();
        }

        await database.ExecuteAsync($"UPDATE {Schema}.outbox_messages SET next_attempt_at = now() WHERE id = '{notes[2].EventId}'");
        Assert.Equal(1, await desk.Dispatcher.DispatchBatchAsync(Schema, CancellationToken.None));

        Assert.Equal([(1, 1), (2, 1), (4, 1), (5, 1), (6, 1), (3, 1)], await NotesAsync());
        Assert.Equal(0L, await CountAsync($"SELECT count(*) FROM {Schema}.outbox_messages WHERE processed_at IS NULL"));
    }

    [Fact]
    public async Task A_redelivered_run_applies_only_the_events_not_applied_before()
    {
        await using var desk = OutboxHarness.Start(database, "runs-redelivery");
        await desk.CreateSchemaAsync();
        await PublishNotesAsync(desk, 4);
        await desk.DrainAsync();
        await PublishNotesAsync(desk, 3, firstNumber: 5);

        // Redelivery of everything (as after a crash between the handlers' commit and the outbox mark).
        await database.ExecuteAsync($"UPDATE {Schema}.outbox_messages SET processed_at = NULL");
        Assert.Equal(7, await desk.Dispatcher.DispatchBatchAsync(Schema, CancellationToken.None));

        // The run of seven held four already marked: only the three new ones were applied, as a run of three.
        Assert.Equal([(1, 4), (2, 4), (3, 4), (4, 4), (5, 3), (6, 3), (7, 3)], await NotesAsync());
        Assert.Equal(0L, await CountAsync($"SELECT count(*) FROM {Schema}.outbox_messages WHERE processed_at IS NULL"));

        await database.ExecuteAsync($"UPDATE {Schema}.outbox_messages SET processed_at = NULL");
        await desk.DrainAsync();
        Assert.Equal(7L, await CountAsync($"SELECT count(*) FROM {Schema}.applied_notes"));
    }

    [Fact]
    public async Task A_crash_after_a_run_committed_but_before_the_outbox_mark_applies_nothing_twice()
    {
        const int events = 25;
        const int batchSize = 10;
        await using (var setup = OutboxHarness.Start(database, "runs-crash-setup"))
        {
            await setup.CreateSchemaAsync();
            await PublishNotesAsync(setup, events);
        }

        // The power cut handler sees each note after the run handler committed the whole run; it trips on the first
        // note of the second batch, when notes 11..20 are applied but not yet marked delivered.
        await using (var crashing = OutboxHarness.Start(database, "runs-crashing", powerCutAt: batchSize + 1))
        {
            await Assert.ThrowsAnyAsync<NpgsqlException>(crashing.DrainAsync);
        }

        Assert.Equal(2L * batchSize, await CountAsync($"SELECT count(*) FROM {Schema}.applied_notes"));
        Assert.Equal((long)batchSize, await CountAsync(
            $"""
             SELECT count(*) FROM {Schema}.outbox_messages m
             WHERE m.processed_at IS NULL AND EXISTS (SELECT 1 FROM {Schema}.applied_notes n WHERE n.event_id = m.id)
             """));

        await using (var restarted = OutboxHarness.Start(database, "runs-restarted"))
        {
            await restarted.DrainAsync();
        }

        var notes = await NotesAsync();
        Assert.Equal(Enumerable.Range(1, events), notes.Select(n => n.Number));
        Assert.Equal(0L, await CountAsync($"SELECT count(*) FROM {Schema}.outbox_messages WHERE processed_at IS NULL"));
        // After the restart only notes 21..25 were new: the second batch's redelivery applied nothing.
        Assert.All(notes.Skip(2 * batchSize), n => Assert.Equal(events - (2 * batchSize), n.RunSize));
    }

    private static async Task<List<TicketNoted>> PublishNotesAsync(OutboxHarness desk, int count, int firstNumber = 1)
    {
        var ticket = Guid.NewGuid();
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);
        var notes = Enumerable.Range(firstNumber, count)
            .Select(n => new TicketNoted(ticket, n) { OccurredAt = start.AddMilliseconds(n) })
            .ToList();
        await desk.UseContextAsync(async context =>
        {
            notes.ForEach(context.Publish);
            await context.SaveChangesAsync();
        });
        return notes;
    }

    private async Task<List<(int Number, int RunSize)>> NotesAsync()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT number, run_size FROM {Schema}.applied_notes ORDER BY sequence", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var notes = new List<(int, int)>();
        while (await reader.ReadAsync())
        {
            notes.Add((reader.GetInt32(0), reader.GetInt32(1)));
        }

        return notes;
    }

    private async Task<long> CountAsync(string sql) => await database.ScalarAsync<long>(sql);
}
