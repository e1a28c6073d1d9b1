// Issue 6 benchmarks: the host as a real OS process (Kestrel, all modules) on a durable embedded PostgreSQL cluster of
// the bench's own (fsync on, default settings), dropped at the end.
//   ingest  : N inbox rows (+ their InboundMessageReceived outbox rows, as InboxWriter writes them) COPYed in one
//             transaction — that COPY is the ceiling — then the time until every row is processed (client resolved,
//             ticket + message + events committed, inbox marked), and until History has a timeline entry for each.
//             10% of the messages come from new senders; the rest from senders met in a warm-up.
//   latency : a steady rate for S seconds, each message its own accept transaction (inbox path) or a
//             POST /api/v1/inbound (http path); accept → processed = processed_at − received_at of each row.
//   senders : CPU per message from NEW senders (3,000 new cards) and from KNOWN senders, each run alone [rounds=1] [pause=0]
//   panel   : 1M clients, 5M messages, 1M tickets (one client with 1,000 tickets / 10,000 messages / 2,000 attachments)
//             loaded into the real tables of a second database, then GET /tickets/{id}/client-panel and the ticket
//             list's q search over HTTP, and EXPLAIN (ANALYZE, BUFFERS) of their SQL.
// Usage: TicketsIngest [all|ingest|latency|panel|senders] [messages=50000] [known=5000] [rate=1000] [seconds=30] [path=inbox|http|both]
//                      [clients=1000000] [total=5000000] [requests=400]
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using ModularDesk.BuildingBlocks.Outbox;
using ModularDesk.Channels.Contracts;
using ModularDesk.Channels.Contracts.Inbox;
using ModularDesk.EmbeddedPostgres;
using ModularDesk.Testing;
using Npgsql;
using NpgsqlTypes;

var mode = args.FirstOrDefault(a => !a.Contains('=', StringComparison.Ordinal)) ?? "all";
var settings = args.Where(a => a.Contains('=', StringComparison.Ordinal))
    .Select(a => a.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
int Setting(string key, int fallback) => settings.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
string Load() => File.ReadAllText("/proc/loadavg").Trim();

const string adminEmail = "admin@localhost";
const string adminPassword = "Admin-Password-For-Bench-1";
var root = TempDirectory.Create("tickets-bench");
Console.WriteLine($"TicketsIngest {mode}: {Environment.ProcessorCount} CPUs, load average {Load()}");
var server = await EmbeddedPostgresServer.StartAsync(
    new EmbeddedPostgresOptions { DataDirectory = Path.Combine(root, "postgres"), Database = "ingest_bench" },
    NullLogger.Instance, CancellationToken.None);
Console.WriteLine($"PostgreSQL: durable cluster (fsync on) on port {server.Port}");
try
{
    if (mode is "senders")
    {
        // The cost of one message by sender kind: N messages from NEW senders (new cards), then N from KNOWN senders,
        // each after the previous run's events are delivered. Optional pause=<s> before each run (to attach a profiler).
        await using var host = await StartHostAsync(server.ConnectionString);
        var bench = new IngestBench(server.ConnectionString, host, server.Port);
        var known = Setting("known", 3_000);
        await bench.WarmUpAsync(known);
        var count = Setting("messages", 3_000);
        for (var round = 0; round < Setting("rounds", 1); round++)
        {
            await bench.SenderKindAsync(count, known, newSenders: true, Setting("pause", 0));
            await bench.SenderKindAsync(count, known, newSenders: false, Setting("pause", 0));
        }

        await host.StopAsync();
    }

    if (mode is "all" or "ingest" or "latency")
    {
        await using var host = await StartHostAsync(server.ConnectionString);
        var bench = new IngestBench(server.ConnectionString, host, server.Port);
        var known = Setting("known", 5_000);
        await bench.WarmUpAsync(known);
        if (mode is "all" or "ingest")
        {
            await bench.ThroughputAsync(Setting("messages", 50_000), known);
        }

        if (mode is "all" or "latency")
        {
            var path = settings.GetValueOrDefault("path", "both");
            if (path is "inbox" or "both")
            {
                await bench.LatencyAsync(Setting("rate", 1_000), Setting("seconds", 30), known, http: false);
            }

            if (path is "http" or "both")
            {
                await bench.LatencyAsync(Setting("rate", 1_000), Setting("seconds", 30), known, http: true);
            }
        }

        await host.StopAsync();
    }

    if (mode is "all" or "panel")
    {
        var panelDatabase = server.ConnectionStringForDatabase("panel_bench");
        await using (var maintenance = new NpgsqlConnection(server.ConnectionStringForDatabase("postgres")))
        {
            await maintenance.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE panel_bench", maintenance);
            await create.ExecuteNonQueryAsync();
        }

        await using var host = await StartHostAsync(panelDatabase);
        await new PanelBench(panelDatabase, host, server.Port).RunAsync(Setting("clients", 1_000_000), Setting("total", 5_000_000), Setting("requests", 400));
        await host.StopAsync();
    }
}
finally
{
    await server.StopAsync(CancellationToken.None);
    TempDirectory.TryDelete(root);
    Console.WriteLine($"Done; cluster dropped. Load average at the end: {Load()}");
}

return 0;

async Task<HostProcess> StartHostAsync(string connectionString)
{
    var clock = Stopwatch.StartNew();
    var host = HostProcess.Start(new Dictionary<string, string?>
    {
        ["ConnectionStrings__ModularDesk"] = connectionString,
        ["MODULARDESK_DATA_DIR"] = Path.Combine(root, "host-" + Guid.NewGuid().ToString("N")[..8]),
        ["MODULARDESK_ADMIN_EMAIL"] = adminEmail,
        ["MODULARDESK_ADMIN_PASSWORD"] = adminPassword,
    });
    await host.WaitUntilReadyAsync(TimeSpan.FromMinutes(3));
    Console.WriteLine($"Host ready in {clock.Elapsed.TotalSeconds:F1} s (pid {host.ProcessId})");
    return host;
}

internal static class Shared
{
    public const string AdminEmail = "admin@localhost";
    public const string AdminPassword = "Admin-Password-For-Bench-1";

    public static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    /// <summary>CPU seconds (user + system) of one process.</summary>
    public static double ProcessSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    public static async Task<HttpClient> AdminAsync(HostProcess host, int connections = 16)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections })
        {
            BaseAddress = host.Address,
            Timeout = TimeSpan.FromSeconds(60),
        };
        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = AdminEmail, password = AdminPassword });
        login.EnsureSuccessStatusCode();
        client.DefaultRequestHeaders.Authorization = new("Bearer", (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
        return client;
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    public static string Percentiles(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return $"p50 {Percentile(sorted, 0.50):F1} ms, p95 {Percentile(sorted, 0.95):F1} ms, p99 {Percentile(sorted, 0.99):F1} ms, max {sorted.LastOrDefault():F1} ms (n={sorted.Length})";
    }

    public static async Task<T> ScalarAsync<T>(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        command.CommandTimeout = 0;
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static async Task ExecAsync(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>Ingestion throughput and latency.</summary>
internal sealed class IngestBench(string connectionString, HostProcess host, int postgresPort)
{
    private static readonly string[] Sentences =
    [
        "Hello, my order has not arrived yet and the tracking page shows nothing new since Monday.",
        "Olá, o meu pedido ainda não chegou e a página de rastreio não mostra nada desde segunda-feira.",
        "Dzień dobry, moje zamówienie jeszcze nie dotarło, a strona śledzenia nic nie pokazuje od poniedziałku.",
        "Hola, mi pedido todavía no ha llegado y la página de seguimiento no muestra nada desde el lunes.",
        "Guten Tag, meine Bestellung ist noch nicht angekommen und die Sendungsverfolgung zeigt seit Montag nichts.",
        "Could you please send me the invoice for last month again? The first one had the wrong address.",
        "The app crashes every time I open the settings page on my phone.",
        "Thank you, that solved it!",
    ];

    private readonly NpgsqlDataSource db = NpgsqlDataSource.Create(connectionString);
    private readonly CpuMeter cpu = new(host.ProcessId, postgresPort);
    private int runs;

    private static string KnownSender(int i, out bool email)
    {
        email = i % 2 == 0;
        return email ? $"known{i}@customer{i % 200}.example" : $"tg-known-{i}";
    }

    private static InboundMessageData Message(string externalId, string sender, bool email, int n, string? inReplyTo = null) =>
        email
            ? new InboundMessageData(externalId, new InboundSenderData("email", sender) { DisplayName = $"Customer {sender[..Math.Min(12, sender.Length)]}" })
            {
                Subject = inReplyTo is null ? $"Order {n} question" : $"Re: Order {n} question",
                Text = Sentences[n % Sentences.Length],
                InReplyTo = inReplyTo,
                References = inReplyTo is null ? [] : [inReplyTo],
            }
            : new InboundMessageData(externalId, new InboundSenderData("messenger", sender) { Messenger = "telegram", DisplayName = $"User {sender}" })
            {
                Text = Sentences[n % Sentences.Length],
                ConversationId = sender,
            };

    /// <summary>One inbox row + its outbox event per message, in one COPY transaction; returns its duration.</summary>
    private async Task<TimeSpan> CopyAsync(IReadOnlyList<InboundMessageData> messages)
    {
        var rows = messages.Select(m => (Id: Guid.CreateVersion7(), Message: m, Payload: JsonSerializer.Serialize(m, Shared.PayloadJson))).ToList();
        var clock = Stopwatch.StartNew();
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var now = DateTimeOffset.UtcNow;
        await using (var inbox = await connection.BeginBinaryImportAsync(
                         "COPY channels.inbox_messages (id, channel_id, external_message_id, payload, received_at, status, attempts, next_attempt_at) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var row in rows)
            {
                await inbox.StartRowAsync();
                await inbox.WriteAsync(row.Id, NpgsqlDbType.Uuid);
                await inbox.WriteAsync(BuiltInChannels.ApiChannelId, NpgsqlDbType.Uuid);
                await inbox.WriteAsync(row.Message.ExternalMessageId, NpgsqlDbType.Varchar);
                await inbox.WriteAsync(row.Payload, NpgsqlDbType.Jsonb);
                await inbox.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await inbox.WriteAsync("pending", NpgsqlDbType.Varchar);
                await inbox.WriteAsync(0, NpgsqlDbType.Integer);
                await inbox.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }

            await inbox.CompleteAsync();
        }

        await using (var outbox = await connection.BeginBinaryImportAsync(
                         "COPY channels.outbox_messages (id, event_type, payload, occurred_at, next_attempt_at, attempts) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var row in rows)
            {
                var message = OutboxMessage.From(new InboundMessageReceived(row.Id, BuiltInChannels.ApiChannelId));
                await outbox.StartRowAsync();
                await outbox.WriteAsync(message.Id, NpgsqlDbType.Uuid);
                await outbox.WriteAsync(message.EventType, NpgsqlDbType.Text);
                await outbox.WriteAsync(message.Payload, NpgsqlDbType.Jsonb);
                await outbox.WriteAsync(message.OccurredAt.ToUniversalTime(), NpgsqlDbType.TimestampTz);
                await outbox.WriteAsync(message.NextAttemptAt.ToUniversalTime(), NpgsqlDbType.TimestampTz);
                await outbox.WriteAsync(0, NpgsqlDbType.Integer);
            }

            await outbox.CompleteAsync();
        }

        await transaction.CommitAsync();
        return clock.Elapsed;
    }

    // The probes while a run is measured are EXISTS on the partial indexes: counting (the failed rows with a scan of the
    // whole inbox) every 50 ms cost PostgreSQL a good part of a core, taken from the work being measured.
    private Task<bool> AnyPendingAsync() =>
        Shared.ScalarAsync<bool>(db, "SELECT EXISTS (SELECT 1 FROM channels.inbox_messages WHERE status = 'pending')");

    private async Task<TimeSpan> WaitProcessedAsync(Stopwatch clock, TimeSpan timeout)
    {
        while (await AnyPendingAsync())
        {
            if (clock.Elapsed > timeout)
            {
                var pending = await Shared.ScalarAsync<long>(db, "SELECT count(*) FROM channels.inbox_messages WHERE status = 'pending'");
                throw new TimeoutException($"{pending} inbox messages still pending after {timeout}.");
            }

            await Task.Delay(50);
        }

        var done = clock.Elapsed;
        var failed = await Shared.ScalarAsync<long>(db, "SELECT count(*) FROM channels.inbox_messages WHERE status = 'failed'");
        if (failed > 0)
        {
            Console.WriteLine($"  !! {failed} inbox messages failed");
        }

        return done;
    }

    /// <summary>Until the Tickets outbox is delivered History cannot have every entry, so only then are they counted.</summary>
    private async Task<long?> TimelineMessagesIfDeliveredAsync() =>
        await Shared.ScalarAsync<bool>(db, "SELECT EXISTS (SELECT 1 FROM tickets.outbox_messages WHERE processed_at IS NULL)")
            ? null
            : await TimelineMessagesAsync();

    private Task<long> TimelineMessagesAsync() =>
        Shared.ScalarAsync<long>(db, "SELECT count(*) FROM history.timeline_entries WHERE kind = 'message'");

    private async Task<long> UndeliveredEventsAsync() => await Shared.ScalarAsync<long>(db, """
        SELECT (SELECT count(*) FROM channels.outbox_messages WHERE processed_at IS NULL)
             + (SELECT count(*) FROM clients.outbox_messages WHERE processed_at IS NULL)
             + (SELECT count(*) FROM tickets.outbox_messages WHERE processed_at IS NULL)
             + (SELECT count(*) FROM organizations.outbox_messages WHERE processed_at IS NULL)
        """);

    private async Task DrainEventsAsync(string what)
    {
        var clock = Stopwatch.StartNew();
        while (await UndeliveredEventsAsync() is var left && left > 0)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(3))
            {
                Console.WriteLine($"  {what}: {left} events still undelivered after 3 min; going on");
                return;
            }

            await Task.Delay(500);
        }

        Console.WriteLine($"  {what}: all integration events delivered after {clock.Elapsed.TotalSeconds:F1} s");
    }

    public async Task WarmUpAsync(int known)
    {
        var messages = Enumerable.Range(0, known).Select(i =>
        {
            var sender = KnownSender(i, out var email);
            return Message(email ? $"warm-{i}@bench.example" : $"warm-{i}", sender, email, i);
        }).ToList();
        var clock = Stopwatch.StartNew();
        var copy = await CopyAsync(messages);
        var cpuStart = cpu.Seconds();
        var start = clock.Elapsed;
        var done = await WaitProcessedAsync(clock, TimeSpan.FromMinutes(10));
        var cpuSeconds = cpu.Seconds() - cpuStart;
        Console.WriteLine(
            $"Warm-up: {known} messages of {known} NEW senders (cards, organizations by domain, languages) processed in {(done - start).TotalSeconds:F1} s = " +
            $"{known / (done - start).TotalSeconds:F0} msg/s (COPY {copy.TotalMilliseconds:F0} ms); host+PostgreSQL CPU {cpuSeconds * 1000 / known:F2} ms/msg; load {Shared.Load()}");
        await DrainEventsAsync("warm-up");
    }

    /// <summary>N messages all from new senders (half email at 300 domains, half Telegram) or all from known ones.</summary>
    public async Task SenderKindAsync(int count, int known, bool newSenders, int pauseSeconds)
    {
        var run = ++runs;
        var messages = Enumerable.Range(0, count).Select(j =>
        {
            if (newSenders)
            {
                var email = j % 2 == 0;
                return Message($"kind{run}-{j}", email ? $"new{run}-{j}@newcustomer{j % 300}.example" : $"tg-new{run}-{j}", email, j);
            }

            var k = (int)((j * 7919L) % known);
            var knownSender = KnownSender(k, out var isEmail);
            return Message($"kind{run}-{j}", knownSender, isEmail, j, isEmail ? $"warm-{k}@bench.example" : null);
        }).ToList();
        if (pauseSeconds > 0)
        {
            Console.WriteLine($"  pausing {pauseSeconds} s before the {(newSenders ? "new" : "known")}-sender run (host pid {host.ProcessId})");
            await Task.Delay(TimeSpan.FromSeconds(pauseSeconds));
        }

        var load = Shared.Load();
        var clock = Stopwatch.StartNew();
        await CopyAsync(messages);
        var start = clock.Elapsed;
        var cpuStart = cpu.Snapshot();
        var processed = await WaitProcessedAsync(clock, TimeSpan.FromMinutes(15));
        var atProcessed = cpu.Since(cpuStart);
        await DrainEventsAsync($"{(newSenders ? "new" : "known")}-sender run");
        var atDrained = cpu.Since(cpuStart);
        var seconds = (processed - start).TotalSeconds;
        Console.WriteLine(
            $"  {count} messages from {(newSenders ? "NEW" : "KNOWN")} senders: processed in {seconds:F1} s = {count / seconds:F0} msg/s; " +
            $"CPU until processed {(atProcessed.Host + atProcessed.Postgres) * 1000 / count:F2} ms/msg (host {atProcessed.Host * 1000 / count:F2}, PostgreSQL {atProcessed.Postgres * 1000 / count:F2}); " +
            $"until every event delivered {(atDrained.Host + atDrained.Postgres) * 1000 / count:F2} ms/msg (host {atDrained.Host * 1000 / count:F2}, PostgreSQL {atDrained.Postgres * 1000 / count:F2}); " +
            $"load {load} → {Shared.Load()}");
    }

    public async Task ThroughputAsync(int count, int known)
    {
        var run = ++runs;
        var messages = Enumerable.Range(0, count).Select(j =>
        {
            if (j % 10 == 0)
            {
                var email = j % 20 == 0;
                var sender = email ? $"new{run}-{j}@newcustomer{j % 300}.example" : $"tg-new{run}-{j}";
                return Message($"run{run}-{j}", sender, email, j);
            }

            var k = (int)((j * 7919L) % known);
            var knownSender = KnownSender(k, out var isEmail);
            return Message($"run{run}-{j}", knownSender, isEmail, j, isEmail ? $"warm-{k}@bench.example" : null);
        }).ToList();

        var timelineBefore = await TimelineMessagesAsync();
        var load = Shared.Load();
        var clock = Stopwatch.StartNew();
        var copy = await CopyAsync(messages);
        var start = clock.Elapsed;
        var cpuStart = cpu.Seconds();
        var hostStart = Shared.ProcessSeconds(host.ProcessId);
        var processed = await WaitProcessedAsync(clock, TimeSpan.FromMinutes(15));
        var cpuSeconds = cpu.Seconds() - cpuStart;
        var hostSeconds = Shared.ProcessSeconds(host.ProcessId) - hostStart;
        var seconds = (processed - start).TotalSeconds;
        var copyRate = count / copy.TotalSeconds;
        var rate = count / seconds;
        Console.WriteLine($"Throughput ({count} messages, 10% new senders, load average {load} at start, {Shared.Load()} at end):");
        Console.WriteLine($"  ceiling: COPY of the same inbox rows (+ outbox rows) {copy.TotalMilliseconds:F0} ms = {copyRate:F0} rows/s");
        Console.WriteLine(
            $"  inbox written → all processed: {seconds:F1} s = {rate:F0} msg/s = {rate / copyRate:P1} of COPY; " +
            $"host+PostgreSQL CPU {cpuSeconds * 1000 / count:F2} ms/msg (host {hostSeconds * 1000 / count:F2}, PostgreSQL {(cpuSeconds - hostSeconds) * 1000 / count:F2}) " +
            $"=> {count / cpuSeconds * Environment.ProcessorCount:F0} msg/s on {Environment.ProcessorCount} idle cores");

        while ((await TimelineMessagesIfDeliveredAsync() ?? timelineBefore) - timelineBefore < count && clock.Elapsed - processed < TimeSpan.FromMinutes(3))
        {
            await Task.Delay(50);
        }

        var timeline = await TimelineMessagesAsync() - timelineBefore;
        var end = (clock.Elapsed - start).TotalSeconds;
        Console.WriteLine(
            $"  … → timeline entries (History): {timeline} of {count} after {end:F1} s = {timeline / end:F0} msg/s end to end");
        await DrainEventsAsync("throughput run");
        var stats = await Shared.ScalarAsync<string>(db, """
            SELECT format('%s tickets, %s messages, %s cards', (SELECT count(*) FROM tickets.tickets),
                          (SELECT count(*) FROM tickets.messages), (SELECT count(*) FROM clients.clients))
            """);
        Console.WriteLine($"  database now: {stats}");
    }

    public async Task LatencyAsync(int rate, int seconds, int known, bool http)
    {
        var run = ++runs;
        var total = rate * seconds;
        var prefix = $"lat{run}-";
        InboundMessageData Build(int j)
        {
            if (j % 10 == 0)
            {
                var email = j % 20 == 0;
                return Message($"{prefix}{j}", email ? $"lat{run}-{j}@late{j % 300}.example" : $"tg-lat{run}-{j}", email, j);
            }

            var k = (int)((j * 7919L) % known);
            var sender = KnownSender(k, out var isEmail);
            return Message($"{prefix}{j}", sender, isEmail, j, isEmail ? $"warm-{k}@bench.example" : null);
        }

        var queue = Channel.CreateBounded<int>(new BoundedChannelOptions(total) { SingleWriter = true });
        var responseTimes = new System.Collections.Concurrent.ConcurrentBag<double>();
        using var client = await Shared.AdminAsync(host, 64);
        var insertSql = """
            WITH inserted AS (
                INSERT INTO channels.inbox_messages (id, channel_id, external_message_id, payload, received_at, status, attempts, next_attempt_at)
                VALUES (@id, @channel_id, @external_id, @payload, @now, 'pending', 0, @now)
                ON CONFLICT (channel_id, external_message_id) DO NOTHING RETURNING id)
            INSERT INTO channels.outbox_messages (id, event_type, payload, occurred_at, next_attempt_at, attempts)
            SELECT @event_id, @event_type, @event_payload, @now, @now, 0 FROM inserted
            """;

        async Task AcceptAsync(int j)
        {
            var message = Build(j);
            var started = Stopwatch.GetTimestamp();
            if (http)
            {
                var body = JsonSerializer.SerializeToNode(message, Shared.PayloadJson)!.AsObject();
                body["channelId"] = BuiltInChannels.ApiChannelId.ToString();
                using var response = await client.PostAsJsonAsync("/api/v1/inbound", body);
                response.EnsureSuccessStatusCode();
            }
            else
            {
                var id = Guid.CreateVersion7();
                var outbox = OutboxMessage.From(new InboundMessageReceived(id, BuiltInChannels.ApiChannelId));
                await using var command = db.CreateCommand(insertSql);
                command.Parameters.AddWithValue("id", id);
                command.Parameters.AddWithValue("channel_id", BuiltInChannels.ApiChannelId);
                command.Parameters.AddWithValue("external_id", message.ExternalMessageId);
                command.Parameters.AddWithValue("payload", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(message, Shared.PayloadJson));
                command.Parameters.AddWithValue("now", DateTimeOffset.UtcNow);
                command.Parameters.AddWithValue("event_id", outbox.Id);
                command.Parameters.AddWithValue("event_type", outbox.EventType);
                command.Parameters.AddWithValue("event_payload", NpgsqlDbType.Jsonb, outbox.Payload);
                await command.ExecuteNonQueryAsync();
            }

            responseTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var load = Shared.Load();
        var cpuStart = cpu.Seconds();
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, http ? 64 : 16).Select(async _ =>
        {
            await foreach (var j in queue.Reader.ReadAllAsync())
            {
                await AcceptAsync(j);
            }
        }).ToList();
        var maxBehind = 0;
        for (var sent = 0; sent < total;)
        {
            var due = Math.Min(total, (int)(clock.Elapsed.TotalSeconds * rate));
            while (sent < due)
            {
                queue.Writer.TryWrite(sent++);
            }

            maxBehind = Math.Max(maxBehind, queue.Reader.Count);
            await Task.Delay(2);
        }

        queue.Writer.Complete();
        await Task.WhenAll(workers);
        var accepted = clock.Elapsed;
        await WaitProcessedAsync(clock, TimeSpan.FromMinutes(10));
        var cpuSeconds = cpu.Seconds() - cpuStart;

        var latencies = new List<double>();
        await using (var command = db.CreateCommand(
                         "SELECT extract(epoch FROM processed_at - received_at) * 1000 FROM channels.inbox_messages WHERE external_message_id LIKE @p AND status = 'processed'"))
        {
            command.Parameters.AddWithValue("p", prefix + "%");
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                latencies.Add((double)reader.GetDecimal(0));
            }
        }

        Console.WriteLine(
            $"Latency, {(http ? "POST /api/v1/inbound (64 connections)" : "inbox path (one accept transaction per message, 16 connections)")}, " +
            $"target {rate} msg/s for {seconds} s (load average {load} at start, {Shared.Load()} at end):");
        Console.WriteLine(
            $"  accepted {total} in {accepted.TotalSeconds:F1} s = {total / accepted.TotalSeconds:F0} msg/s (largest backlog of unsent messages {maxBehind}); " +
            $"accept call {Shared.Percentiles(responseTimes.ToList())}");
        Console.WriteLine($"  accept → processed: {Shared.Percentiles(latencies)}; host+PostgreSQL CPU {cpuSeconds * 1000 / total:F2} ms/msg");
        await DrainEventsAsync("latency run");
    }
}

/// <summary>Client panel and ticket search on 1M clients / 5M messages.</summary>
internal sealed class PanelBench(string connectionString, HostProcess host, int postgresPort)
{
    private static readonly Guid Target = Id("8000", 1);
    private static readonly string[] Tables =
        ["clients.clients", "clients.contacts", "clients.identities", "tickets.tickets", "tickets.messages", "tickets.attachments"];

    private readonly NpgsqlDataSource db = NpgsqlDataSource.Create(connectionString);

    private const string Braces = "'{}'";

    private static Guid Id(string group, long n) => Guid.Parse($"00000000-0000-4000-{group}-{n:x12}");

    private static string SqlId(string group, string expression) => $"('00000000-0000-4000-{group}-' || lpad(to_hex({expression}), 12, '0'))::uuid";

    public async Task RunAsync(int clients, int total, int requests)
    {
        var targetTickets = 1_000;
        var targetMessages = 10_000;
        var otherTickets = clients;
        var otherMessages = total - targetMessages;
        var load = Stopwatch.StartNew();
        Console.WriteLine($"Panel: loading {clients:N0} clients, {otherTickets + targetTickets:N0} tickets, {total:N0} messages (load average {Shared.Load()})");

        // Secondary indexes and foreign keys off during the load, re-created after it (the migration's own definitions).
        var indexes = new List<string>();
        var foreignKeys = new List<(string Table, string Name, string Definition)>();
        await using (var command = db.CreateCommand($"""
            SELECT i.indexdef FROM pg_indexes i
            WHERE i.schemaname || '.' || i.tablename = ANY(@tables)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.contype IN ('p', 'u'))
            """))
        {
            command.Parameters.AddWithValue("tables", Tables);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                indexes.Add(reader.GetString(0));
            }
        }

        await using (var command = db.CreateCommand("""
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
            WHERE contype = 'f' AND conrelid::regclass::text = ANY(@tables)
            """))
        {
            command.Parameters.AddWithValue("tables", Tables);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                foreignKeys.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        foreach (var (table, name, _) in foreignKeys)
        {
            await Shared.ExecAsync(db, $"ALTER TABLE {table} DROP CONSTRAINT {name}");
        }

        foreach (var index in indexes)
        {
            var name = index.Split(' ')[index.StartsWith("CREATE UNIQUE", StringComparison.Ordinal) ? 3 : 2];
            var schema = index[(index.IndexOf(" ON ", StringComparison.Ordinal) + 4)..].Split('.')[0].Replace("ONLY ", "", StringComparison.Ordinal);
            await Shared.ExecAsync(db, $"DROP INDEX {schema}.{name}");
        }

        async Task Step(string what, string sql)
        {
            var clock = Stopwatch.StartNew();
            await Shared.ExecAsync(db, sql);
            Console.WriteLine($"  {what}: {clock.Elapsed.TotalSeconds:F1} s");
        }

        // Clients 1..N (1 = the target), one email contact + identity each; the target also has a phone.
        await Step("clients", $"""
            INSERT INTO clients.clients (id, name, is_spammer, is_vip, hidden, addresses, custom_fields, provenance, created_at, updated_at, note)
            SELECT {SqlId("8000", "c")}, CASE WHEN c = 1 THEN 'Jan Kowalski' ELSE 'Client ' || c END, false, c % 97 = 0, false,
                   '[]', {Braces}, {Braces}, now() - c * interval '1 second', now(), CASE WHEN c = 1 THEN 'Prefers e-mail; key account.' END
            FROM generate_series(1, {clients}) c
            """);
        await Step("contacts", $"""
            INSERT INTO clients.contacts (id, client_id, seq, kind, value, display, label, source, created_at, updated_at)
            SELECT {SqlId("8001", "c")}, {SqlId("8000", "c")}, 0, 'email', 'client' || c || '@example' || (c % 1000) || '.com',
                   'client' || c || '@example' || (c % 1000) || '.com', 'business', 'channel', now(), now()
            FROM generate_series(1, {clients}) c;
            INSERT INTO clients.contacts (id, client_id, seq, kind, value, display, label, source, created_at, updated_at)
            VALUES ({SqlId("8002", "1")}, {SqlId("8000", "1")}, 1, 'phone', '+48601000001', '+48 601 000 001', 'mobile', 'agent', now(), now());
            """);
        await Step("identities", $"""
            INSERT INTO clients.identities (id, client_id, contact_id, kind, scope, key)
            SELECT {SqlId("8003", "c")}, {SqlId("8000", "c")}, {SqlId("8001", "c")}, 'email', '', 'client' || c || '@example' || (c % 1000) || '.com'
            FROM generate_series(1, {clients}) c;
            INSERT INTO clients.identities (id, client_id, contact_id, kind, scope, key)
            VALUES ({SqlId("8004", "1")}, {SqlId("8000", "1")}, {SqlId("8002", "1")}, 'phone', '', '48601000001');
            """);

        // Tickets: ids grow with time (as uuid v7 do). Ticket t is the target's when t % block = 0 (1,000 of them, spread
        // among the others), else client 2 + (t - 1) % (N - 1). A few subjects carry a rare word for the search.
        const string words = "ARRAY['invoice','delivery','refund','password','printer','account','upgrade','contract','login','shipping']";
        var channel = BuiltInChannels.ApiChannelId;
        var per = Math.Max(1, otherTickets / targetTickets);
        var block = per + 1;
        var ticketCount = block * targetTickets;
        otherTickets = per * targetTickets;
        var clientOf = $"CASE WHEN t % {block} = 0 THEN 1 ELSE 2 + (t - 1) % {clients - 1} END";
        await Step("tickets", $"""
            INSERT INTO tickets.tickets (id, subject, status, priority, channel_id, channel_type, client_id, tags, is_vip, fired_rules,
                                         created_at, updated_at, last_message_at)
            SELECT {SqlId("8010", "t")},
                   CASE WHEN t % 100000 = 7 THEN 'Zanzibar shipment ' || t ELSE 'Question about ' || ({words})[1 + t % 10] || ' ' || t END,
                   (ARRAY['new','open','pending','resolved','closed'])[1 + t % 5], 'normal', '{channel}', 'api',
                   {SqlId("8000", clientOf)}, {Braces}, false, '[]', now() - ({ticketCount} - t) * interval '1 second', now(), now()
            FROM generate_series(1, {ticketCount}) t
            """);

        // Message m: the target's first 10,000 round-robin over its tickets, the others over everyone else's.
        var ticketOf = $"""
            CASE WHEN m <= {targetMessages} THEN {block} * (1 + (m - 1) % {targetTickets})
                 ELSE ((m - {targetMessages} - 1) % {otherTickets}) + 1 + ((m - {targetMessages} - 1) % {otherTickets}) / {per} END
            """;
        await Step("messages", $"""
            INSERT INTO tickets.messages (id, ticket_id, client_id, direction, author_name, sender_kind, sender_value, text, channel_id,
                                          external_message_id, sent_at, created_at)
            SELECT {SqlId("8020", "m")}, {SqlId("8010", "t")}, {SqlId("8000", clientOf)}, CASE WHEN m % 3 = 0 THEN 'out' ELSE 'in' END,
                   'Someone', 'email', 'someone@example.com',
                   'Message ' || m || ': the parcel did not arrive, please check the tracking number again.',
                   '{channel}', 'msg-' || m || '@bench', now() - ({total} - m) * interval '10 millisecond', now()
            FROM generate_series(1, {total}) m, LATERAL (SELECT {ticketOf} AS t) x
            """);

        // Attachments: every 5th message of the target (2,000), every 10th of the others.
        await Step("attachments", $"""
            INSERT INTO tickets.attachments (id, message_id, ticket_id, client_id, name, content_type, storage_key, size, created_at)
            SELECT {SqlId("8030", "m")}, {SqlId("8020", "m")}, {SqlId("8010", "t")}, {SqlId("8000", clientOf)},
                   'file-' || m || '.pdf', 'application/pdf', md5(m::text) || md5(m::text), 12345, now()
            FROM generate_series(1, {total}) m, LATERAL (SELECT {ticketOf} AS t) x
            WHERE (m <= {targetMessages} AND m % 5 = 0) OR (m > {targetMessages} AND m % 10 = 0)
            """);

        var rebuild = Stopwatch.StartNew();
        await Shared.ExecAsync(db, "SET maintenance_work_mem = '1GB'");
        foreach (var index in indexes)
        {
            await using var connection = await db.OpenConnectionAsync();
            await using (var set = new NpgsqlCommand("SET maintenance_work_mem = '1GB'", connection))
            {
                await set.ExecuteNonQueryAsync();
            }

            await using var command = new NpgsqlCommand(index, connection) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync();
        }

        foreach (var (table, name, definition) in foreignKeys)
        {
            await Shared.ExecAsync(db, $"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}");
        }

        await Shared.ExecAsync(db, "VACUUM ANALYZE clients.clients, clients.contacts, clients.identities, tickets.tickets, tickets.messages, tickets.attachments");
        Console.WriteLine($"  {indexes.Count} indexes and {foreignKeys.Count} foreign keys re-created + VACUUM ANALYZE: {rebuild.Elapsed.TotalSeconds:F1} s");
        var sizes = await Shared.ScalarAsync<string>(db, """
            SELECT format('%s clients, %s tickets, %s messages (target: %s), %s attachments; database %s',
                (SELECT count(*) FROM clients.clients), (SELECT count(*) FROM tickets.tickets), (SELECT count(*) FROM tickets.messages),
                (SELECT count(*) FROM tickets.messages WHERE client_id = '00000000-0000-4000-8000-000000000001'),
                (SELECT count(*) FROM tickets.attachments), pg_size_pretty(pg_database_size(current_database())))
            """);
        Console.WriteLine($"  loaded in {load.Elapsed.TotalSeconds:F0} s: {sizes}");

        // The load leaves gigabytes of dirty pages; write them out now rather than under the measurement.
        await Shared.ExecAsync(db, "CHECKPOINT");

        using var client = await Shared.AdminAsync(host);
        var targetTicket = Id("8010", ticketCount);
        async Task<double> TimeAsync(string url)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"GET {url}: {(int)response.StatusCode} {body}");
            }

            return elapsed;
        }

        using (var check = await client.GetAsync($"/api/v1/tickets/{targetTicket}/client-panel"))
        {
            var panel = await check.Content.ReadFromJsonAsync<JsonElement>();
            Console.WriteLine(
                $"  panel of the target: {panel.GetProperty("client").GetProperty("name")} with {panel.GetProperty("client").GetProperty("contacts").GetArrayLength()} contacts, " +
                $"{panel.GetProperty("lastTickets").GetArrayLength()} other tickets, {panel.GetProperty("attachments").GetArrayLength()} attachments, " +
                $"{panel.GetProperty("reachability").GetArrayLength()} reachability rows");
        }

        for (var i = 0; i < 30; i++)
        {
            await TimeAsync($"/api/v1/tickets/{targetTicket}/client-panel");
        }

        var cpu = new CpuMeter(host.ProcessId, postgresPort);
        async Task MeasureAsync(string what, Func<int, string> url)
        {
            var loadAtStart = Shared.Load();
            var cpuStart = cpu.Seconds();
            var times = new List<double>();
            for (var i = 0; i < requests; i++)
            {
                times.Add(await TimeAsync(url(i)));
            }

            var cpuMs = (cpu.Seconds() - cpuStart) * 1000 / requests;
            Console.WriteLine(
                $"  client-panel, {what}, {requests} sequential GETs (load {loadAtStart} → {Shared.Load()}): {Shared.Percentiles(times)}; " +
                $"host+PostgreSQL CPU {cpuMs:F2} ms per request");
        }

        var random = new Random(42);
        var others = Enumerable.Range(0, requests).Select(_ => Id("8010", random.Next(1, ticketCount))).ToList();
        await MeasureAsync("random tickets of other clients (mostly cold pages)", i => $"/api/v1/tickets/{others[i]}/client-panel");
        await MeasureAsync("the 10,000-message client", _ => $"/api/v1/tickets/{targetTicket}/client-panel");
        await MeasureAsync("the 10,000-message client, its 1,000 tickets in turn", i => $"/api/v1/tickets/{Id("8010", (long)block * (1 + (i % targetTickets)))}/client-panel");

        foreach (var q in new[] { "zanzibar", "refund 12345", "%23" + 424242 })
        {
            var search = new List<double>();
            for (var i = 0; i < 50; i++)
            {
                search.Add(await TimeAsync($"/api/v1/tickets?q={q}"));
            }

            Console.WriteLine($"  GET /tickets?q={Uri.UnescapeDataString(q)} (1M tickets): {Shared.Percentiles(search)}");
        }

        await ExplainAsync("ticket → client", $"SELECT client_id FROM tickets.tickets WHERE id = '{targetTicket}'");
        await ExplainAsync("card", $"SELECT * FROM clients.clients WHERE id = '{Target}'");
        await ExplainAsync("contacts", $"SELECT * FROM clients.contacts WHERE client_id = '{Target}' ORDER BY seq");
        await ExplainAsync("five newest other tickets", $"""
            SELECT id, number, subject, status, channel_type, created_at, last_message_at FROM tickets.tickets
            WHERE client_id = '{Target}' AND id <> '{targetTicket}' ORDER BY id DESC LIMIT 5
            """);
        await ExplainAsync("ten newest attachments", $"SELECT * FROM tickets.attachments WHERE client_id = '{Target}' ORDER BY id DESC LIMIT 10");
        await ExplainAsync("ticket list q=zanzibar", """
            SELECT id, number, subject FROM tickets.tickets
            WHERE number = -1 OR subject ILIKE '%zanzibar%' ORDER BY id DESC LIMIT 26
            """);
    }

    private async Task ExplainAsync(string what, string sql)
    {
        await using var command = db.CreateCommand("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql);
        await using var reader = await command.ExecuteReaderAsync();
        Console.WriteLine($"  EXPLAIN {what}:");
        while (await reader.ReadAsync())
        {
            Console.WriteLine("    " + reader.GetString(0));
        }
    }
}
