// Outbox delivery + History projection per event (issue 6). A durable embedded PostgreSQL cluster of the bench's own
// (fsync on, default settings) and the host as a real OS process (all modules, its OutboxDispatcher delivering).
// Each round COPYs, in one transaction, the events ingestion would have written for `messages` inbound messages, in
// ingestion's order (per batch of 200: the new tickets' TicketCreated, then every TicketMessageAdded): 10% of the
// messages open a ticket for a new client (ClientCreated in clients.outbox_messages), the others are follow-ups on
// tickets made earlier. Then it waits until every outbox row is delivered and History has a timeline entry for every
// message and ticket, and prints the wall-clock rate and the CPU per event / per message (host process + every
// PostgreSQL backend, from /proc: it does not depend on others' load, so 2 / CPU = the rate of two idle cores).
// Usage: OutboxBench [messages=20000] [warmup=2000] [runs=1] [statements=1]
// statements=1 prints each run's costliest statements; it needs the cluster started with
// MODULARDESK_PG_SERVER_OPTIONS="-c shared_preload_libraries=pg_stat_statements".
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using ModularDesk.BuildingBlocks.Contracts;
using ModularDesk.BuildingBlocks.Outbox;
using ModularDesk.Clients.Contracts.Events;
using ModularDesk.EmbeddedPostgres;
using ModularDesk.Testing;
using ModularDesk.Tickets.Contracts.Events;
using Npgsql;
using NpgsqlTypes;

var settings = args.Where(a => a.Contains('=', StringComparison.Ordinal))
    .Select(a => a.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
int Setting(string key, int fallback) => settings.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
static string Load() => File.ReadAllText("/proc/loadavg").Trim();

var root = TempDirectory.Create("outbox-bench");
Console.WriteLine($"OutboxBench: {Environment.ProcessorCount} CPUs, load average {Load()}");
var server = await EmbeddedPostgresServer.StartAsync(
    new EmbeddedPostgresOptions { DataDirectory = Path.Combine(root, "postgres"), Database = "outbox_bench" },
    NullLogger.Instance, CancellationToken.None);
Console.WriteLine($"PostgreSQL: durable cluster (fsync on) on port {server.Port}");
try
{
    var clock = Stopwatch.StartNew();
    await using var host = HostProcess.Start(new Dictionary<string, string?>
    {
        ["ConnectionStrings__ModularDesk"] = server.ConnectionString,
        ["MODULARDESK_DATA_DIR"] = Path.Combine(root, "host"),
        ["MODULARDESK_ADMIN_EMAIL"] = "admin@localhost",
        ["MODULARDESK_ADMIN_PASSWORD"] = "Admin-Password-For-Bench-1",
    });
    await host.WaitUntilReadyAsync(TimeSpan.FromMinutes(3));
    Console.WriteLine($"Host ready in {clock.Elapsed.TotalSeconds:F1} s (pid {host.ProcessId})");

    var bench = new Bench(server.ConnectionString, new CpuMeter(host.ProcessId, server.Port), Setting("statements", 0) == 1);
    await bench.RoundAsync("warm-up", Setting("warmup", 2_000));
    for (var run = 1; run <= Setting("runs", 1); run++)
    {
        await bench.RoundAsync($"run {run}", Setting("messages", 20_000));
    }

    await host.StopAsync();
}
finally
{
    await server.StopAsync(CancellationToken.None);
    TempDirectory.TryDelete(root);
    Console.WriteLine($"Done; cluster dropped. Load average at the end: {Load()}");
}

return 0;

internal sealed class Bench(string connectionString, CpuMeter cpu, bool statements)
{
    private const int IngestionBatch = 200;
    private static readonly ChangeActor Channel = new("channel", Guid.NewGuid(), "telegram");
    private readonly NpgsqlDataSource db = NpgsqlDataSource.Create(connectionString);
    private readonly Random random = new(6);
    private long ticketNumber;

    public async Task RoundAsync(string name, int messages)
    {
        var (clientEvents, ticketEvents, tickets) = Events(messages);
        var expectedEntries = await EntriesAsync() + messages + tickets;
        if (statements)
        {
            await ScalarAsync<object>("CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()");
        }

        var clock = Stopwatch.StartNew();
        await CopyAsync(clientEvents, ticketEvents);
        var copied = clock.Elapsed;
        var cpuStart = cpu.Snapshot();
        var loadStart = Load();
        // Polls cheaply (is anything undelivered?) and counts entries only once all is delivered: counting every 100 ms
        // cost PostgreSQL more CPU than some of the work being measured.
        while (await AnyUndeliveredAsync() || await EntriesAsync() < expectedEntries)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(20))
            {
                throw new TimeoutException(
                    $"{name}: {expectedEntries - await EntriesAsync()} entries missing, {await UndeliveredAsync()} events undelivered after 20 min");
            }

            await Task.Delay(100);
        }

        var applied = clock.Elapsed - copied;
        var (host, postgres) = cpu.Since(cpuStart);
        var events = clientEvents.Count + ticketEvents.Count;
        var failed = await ScalarAsync<long>(
            "SELECT (SELECT count(*) FROM tickets.outbox_messages WHERE attempts > 0) + (SELECT count(*) FROM clients.outbox_messages WHERE attempts > 0)");
        Console.WriteLine(
            $"{name}: {messages} messages = {events} events ({clientEvents.Count} ClientCreated, {tickets} TicketCreated, {messages} TicketMessageAdded), " +
            $"COPY {copied.TotalSeconds:F1} s ({events / copied.TotalSeconds:F0} rows/s)");
        Console.WriteLine(
            $"  delivered + projected in {applied.TotalSeconds:F1} s = {events / applied.TotalSeconds:F0} events/s, {messages / applied.TotalSeconds:F0} msg/s " +
            $"(load {loadStart} -> {Load()}); {failed} deliveries retried");
        Console.WriteLine(
            $"  CPU {(host + postgres) * 1000 / events:F3} ms/event (host {host * 1000 / events:F3}, PostgreSQL {postgres * 1000 / events:F3}), " +
            $"{(host + postgres) * 1000 / messages:F3} ms/message => ~{2 * messages / (host + postgres):F0} msg/s on 2 idle cores");
        if (statements)
        {
            await PrintStatementsAsync(events);
        }
    }

    /// <summary>The statements that cost the most execution time, per event of the round.</summary>
    private async Task PrintStatementsAsync(int events)
    {
        await using var command = db.CreateCommand(
            """
            SELECT calls, total_exec_time, rows, regexp_replace(left(query, 160), '\s+', ' ', 'g')
            FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 20
            """);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            Console.WriteLine(
                $"  {reader.GetDouble(1) * 1000 / events,8:F1} µs/event {reader.GetInt64(0),8} calls {reader.GetInt64(2),8} rows  {reader.GetString(3)}");
        }
    }

    private (List<IIntegrationEvent> Clients, List<IIntegrationEvent> Tickets, int NewTickets) Events(int messages)
    {
        var clientEvents = new List<IIntegrationEvent>();
        var ticketEvents = new List<IIntegrationEvent>();
        var known = new List<TicketCreated>();
        var at = DateTimeOffset.UtcNow.AddMinutes(-30);
        DateTimeOffset Next() => at = at.AddTicks(10);
        var newTickets = 0;
        for (var start = 0; start < messages; start += IngestionBatch)
        {
            var count = Math.Min(IngestionBatch, messages - start);
            var created = new List<TicketCreated>();
            for (var i = 0; i < Math.Max(1, count / 10); i++)
            {
                var client = new ClientCreated(Guid.CreateVersion7(), $"Client {start + i}", null, Channel) { OccurredAt = Next() };
                clientEvents.Add(client);
                var number = Interlocked.Increment(ref ticketNumber);
                created.Add(new TicketCreated(
                    Guid.CreateVersion7(), number, $"Order {number} question", client.ClientId, null, Channel.Id!.Value, "telegram", "new", false,
                    client.OccurredAt, Channel) { OccurredAt = Next() });
            }

            ticketEvents.AddRange(created);
            newTickets += created.Count;
            known.AddRange(created);
            for (var i = 0; i < count; i++)
            {
                var ticket = i < created.Count ? created[i] : known[random.Next(known.Count)];
                ticketEvents.Add(new TicketMessageAdded(
                    Guid.CreateVersion7(), ticket.TicketId, ticket.Number, ticket.Subject, ticket.ClientId, null, ticket.ChannelId, "telegram",
                    "in", $"Client {ticket.Number}", "Support", "Hello, my order has not arrived yet and the tracking page shows nothing new.",
                    Next()) { OccurredAt = Next() });
            }
        }

        return (clientEvents, ticketEvents, newTickets);
    }

    private async Task CopyAsync(List<IIntegrationEvent> clientEvents, List<IIntegrationEvent> ticketEvents)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await CopyOutboxAsync(connection, "clients", clientEvents);
        await CopyOutboxAsync(connection, "tickets", ticketEvents);
        await transaction.CommitAsync();
    }

    private static async Task CopyOutboxAsync(NpgsqlConnection connection, string schema, List<IIntegrationEvent> events)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            $"COPY {schema}.outbox_messages (id, event_type, payload, occurred_at, next_attempt_at, attempts) FROM STDIN (FORMAT BINARY)");
        foreach (var message in events.Select(OutboxMessage.From))
        {
            await copy.StartRowAsync();
            await copy.WriteAsync(message.Id, NpgsqlDbType.Uuid);
            await copy.WriteAsync(message.EventType, NpgsqlDbType.Text);
            await copy.WriteAsync(message.Payload, NpgsqlDbType.Jsonb);
            await copy.WriteAsync(message.OccurredAt.ToUniversalTime(), NpgsqlDbType.TimestampTz);
            await copy.WriteAsync(message.NextAttemptAt.ToUniversalTime(), NpgsqlDbType.TimestampTz);
            await copy.WriteAsync(0, NpgsqlDbType.Integer);
        }

        await copy.CompleteAsync();
    }

    private Task<long> EntriesAsync() =>
        ScalarAsync<long>("SELECT count(*) FROM history.timeline_entries WHERE kind IN ('message', 'ticketCreated')");

    private Task<bool> AnyUndeliveredAsync() => ScalarAsync<bool>(
        "SELECT EXISTS (SELECT 1 FROM tickets.outbox_messages WHERE processed_at IS NULL) OR EXISTS (SELECT 1 FROM clients.outbox_messages WHERE processed_at IS NULL)");

    private Task<long> UndeliveredAsync() => ScalarAsync<long>(
        "SELECT (SELECT count(*) FROM tickets.outbox_messages WHERE processed_at IS NULL) + (SELECT count(*) FROM clients.outbox_messages WHERE processed_at IS NULL)");

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = db.CreateCommand(sql);
        command.CommandTimeout = 0;
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];
}
