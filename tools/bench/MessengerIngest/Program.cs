// Ingest throughput and latency of the Telegram and WhatsApp connectors on the real host as an OS process (Kestrel on
// a real port) against the tests' local Bot API and Graph API fakes, on a DURABLE PostgreSQL cluster (fsync on, as
// in production; the test cluster runs with fsync off) unless --ephemeral is given.
//   Telegram : N updates from 50 users queued at the fake while the connector long-polls; time until all N are in
//              the inbox and until all N are processed into tickets.
//   WhatsApp : N signed webhooks (one message each, 100 senders) posted over HTTP 16 at a time, as Meta does; the
//              response-time percentiles (each 200 comes after the inbox commit) and the time until every message
//              is processed into a ticket.
//   Sustained: webhooks posted open-loop at a fixed rate (default 500/s for 10 s); response percentiles at that
//              rate, the inbox backlog during the run and the time until the last one is a ticket.
//   Baseline : the same inbox write through POST /api/v1/inbound (no connector), 16 at a time.
// Usage: MessengerIngest [count=1000] [--rate 500] [--seconds 10] [--ephemeral]
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using ModularDesk.EmbeddedPostgres;
using ModularDesk.Plugins.Messengers.Tests.Fakes;
using ModularDesk.Testing;
using Npgsql;

var count = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) ? n : 1000;
double Option(string name, double fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? double.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

var sustainedRate = Option("--rate", 500);
var sustainedSeconds = Option("--seconds", 10);
var ephemeral = args.Contains("--ephemeral");
var storeOnly = args.Contains("--store-only"); // ingestion off: what storing alone costs

const string adminEmail = "admin@localhost";
const string adminPassword = "Admin-Password-For-Bench-1";
const string appSecret = "bench-app-secret-0123456789abcdef";
var pluginsDirectory = typeof(MetaWebhooks).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PluginsDirectory").Value!;
string Load() => File.ReadAllText("/proc/loadavg").Trim();

// ---- the database: a durable cluster of its own (deleted at the end), or the tests' throwaway cluster ----
string connectionString;
int postgresPort;
EmbeddedPostgresServer? durable = null;
TestDatabase? throwaway = null;
var clusterDirectory = TempDirectory.Create("bench-pg");
if (ephemeral)
{
    throwaway = await TestDatabase.CreateAsync();
    connectionString = throwaway.ConnectionString;
    postgresPort = (await PostgresCluster.SharedAsync()).Port;
}
else
{
    durable = await EmbeddedPostgresServer.StartAsync(
        new EmbeddedPostgresOptions { DataDirectory = Path.Combine(clusterDirectory, "postgres"), Database = "bench" },
        NullLogger.Instance, CancellationToken.None);
    connectionString = durable.ConnectionString;
    postgresPort = durable.Port;
}

await using var dataSource = NpgsqlDataSource.Create(connectionString);
var dataDirectory = TempDirectory.Create("bench-data");
await using var telegram = new FakeTelegramBotApi();
await telegram.StartAsync();
await using var graph = new FakeGraphApi();
await graph.StartAsync();
var host = HostProcess.Start(new Dictionary<string, string?>
{
    ["ConnectionStrings__ModularDesk"] = connectionString,
    ["MODULARDESK_DATA_DIR"] = dataDirectory,
    ["MODULARDESK_ADMIN_EMAIL"] = adminEmail,
    ["MODULARDESK_ADMIN_PASSWORD"] = adminPassword,
    ["Plugins__Directory"] = pluginsDirectory,
    ["Tickets__Ingestion__Enabled"] = storeOnly ? "false" : null,
});
try
{
    await host.WaitUntilReadyAsync();
    await RunAsync();
}
finally
{
    await host.StopAsync();
    await host.DisposeAsync();
    TempDirectory.TryDelete(dataDirectory);
    if (durable is not null)
    {
        await durable.StopAsync(CancellationToken.None);
    }

    if (throwaway is not null)
    {
        await throwaway.DisposeAsync();
    }

    TempDirectory.TryDelete(clusterDirectory);
}

return 0;

async Task RunAsync()
{
    using var admin = host.CreateClient();
    using (var login = await admin.PostAsJsonAsync("/api/v1/auth/login", new { email = adminEmail, password = adminPassword }))
    {
        login.EnsureSuccessStatusCode();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
    }

    var cpu = new CpuMeter(host.ProcessId, postgresPort);
    Console.WriteLine(
        $"MessengerIngest: {count} messages per connector, {Environment.ProcessorCount} CPUs, " +
        $"PostgreSQL {(ephemeral ? "throwaway test cluster (fsync off)" : "durable cluster (fsync on)")}; load average at start {Load()}");

    string CpuFigures((double Host, double Postgres) cpuSeconds, int messages) =>
        $"CPU host {cpuSeconds.Host * 1000 / messages:F2} + PostgreSQL {cpuSeconds.Postgres * 1000 / messages:F2} ms/msg " +
        $"(=> {messages / (cpuSeconds.Host + cpuSeconds.Postgres) * Environment.ProcessorCount:F0} msg/s on {Environment.ProcessorCount} idle cores)";

    // ---- Telegram: long polling ----
    var bot = telegram.CreateBot("bench_bot");
    var telegramChannel = await CreateChannelAsync(admin, "telegram", new()
    {
        ["botToken"] = bot.Token,
        ["mode"] = "polling",
        ["apiBaseUrl"] = telegram.BaseUrl,
        ["pollTimeoutSeconds"] = 25,
    });
    await Eventually.TrueAsync(() => Task.FromResult(bot.GetUpdatesOffsets.Count > 0), TimeSpan.FromSeconds(30), "the connector's first getUpdates");
    var users = Enumerable.Range(0, 50).Select(i => new TelegramUser(900_000 + i, $"User{i}", "Bench", $"user{i}", "en")).ToList();
    var telegramCpu = cpu.Snapshot();
    var telegramClock = Stopwatch.StartNew();
    for (var i = 0; i < count; i++)
    {
        bot.UserSends(users[i % users.Count], $"Message {i} about order #{i + 1000}");
    }

    await WaitForAsync(telegramChannel, count, processed: false, TimeSpan.FromMinutes(3));
    var telegramStored = telegramClock.Elapsed;
    await WaitForAsync(telegramChannel, count, processed: true, TimeSpan.FromMinutes(3));
    var telegramProcessed = telegramClock.Elapsed;
    var telegramCpuUsed = cpu.Since(telegramCpu);
    Console.WriteLine(
        $"Telegram  : {count} updates stored in {telegramStored.TotalSeconds:F2} s = {count / telegramStored.TotalSeconds:F0} msg/s, " +
        $"all tickets after {telegramProcessed.TotalSeconds:F2} s = {count / telegramProcessed.TotalSeconds:F0} msg/s " +
        $"({bot.GetUpdatesOffsets.Count} getUpdates calls); {CpuFigures(telegramCpuUsed, count)}; load {Load()}");

    // ---- WhatsApp: signed webhooks, 16 at a time ----
    var phoneNumberId = "106540352242922";
    var whatsappChannel = await CreateChannelAsync(admin, "whatsapp", new()
    {
        ["phoneNumberId"] = phoneNumberId,
        ["accessToken"] = graph.AccessToken,
        ["appSecret"] = appSecret,
        ["verifyToken"] = "bench-verify",
        ["apiBaseUrl"] = graph.BaseUrl,
        ["apiVersion"] = FakeGraphApi.Version,
    });
    using var meta = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(30) };
    string Body(int i)
    {
        var waId = "4860100" + (Math.Abs(i) % 100).ToString("D4", CultureInfo.InvariantCulture);
        return MetaWebhooks.Message(phoneNumberId, waId, $"Client {Math.Abs(i) % 100}", MetaWebhooks.Text(waId, MetaWebhooks.NewMessageId(), $"Hello, message {i}"));
    }

    async Task<double> PostAsync(string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/channels/{whatsappChannel}/webhook")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Hub-Signature-256", MetaWebhooks.Sign(body, appSecret));
        var started = Stopwatch.GetTimestamp();
        using var response = await meta.SendAsync(request);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Webhook answered {(int)response.StatusCode}");
        }

        return elapsed;
    }

    const int warmUp = 100; // every sender once: their cards exist, as on a desk that has been running
    await Parallel.ForEachAsync(Enumerable.Range(1, warmUp), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) => await PostAsync(Body(-i)));
    await WaitForAsync(whatsappChannel, warmUp, processed: true, TimeSpan.FromMinutes(2));

    var bodies = Enumerable.Range(0, count).Select(Body).ToList();
    var latencies = new double[count];

    // BENCH_TRACE=<file>: a CPU sampling trace of the host during this phase (dotnet-trace, Speedscope format too).
    Process? trace = null;
    if (Environment.GetEnvironmentVariable("BENCH_TRACE") is { Length: > 0 } traceFile)
    {
        trace = Process.Start(new ProcessStartInfo(
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-trace"),
            ["collect", "-p", host.ProcessId.ToString(CultureInfo.InvariantCulture), "--profile", "dotnet-sampled-thread-time",
             "--format", "Speedscope", "--duration", "00:00:00:15", "-o", traceFile]) { RedirectStandardOutput = true });
        await Task.Delay(3000);
    }

    var whatsappCpu = cpu.Snapshot();
    var whatsappClock = Stopwatch.StartNew();
    await Parallel.ForEachAsync(
        Enumerable.Range(0, count),
        new ParallelOptions { MaxDegreeOfParallelism = 16 },
        async (i, _) => latencies[i] = await PostAsync(bodies[i]));
    var whatsappStored = whatsappClock.Elapsed;
    await WaitForAsync(whatsappChannel, warmUp + count, processed: true, TimeSpan.FromMinutes(3));
    var whatsappProcessed = whatsappClock.Elapsed;
    var whatsappCpuUsed = cpu.Since(whatsappCpu);
    if (trace is not null)
    {
        await trace.WaitForExitAsync();
    }

    Console.WriteLine(
        $"WhatsApp  : {count} webhooks (16 concurrent) answered in {whatsappStored.TotalSeconds:F2} s = {count / whatsappStored.TotalSeconds:F0} msg/s, " +
        $"{Percentiles(latencies)}; all tickets after {whatsappProcessed.TotalSeconds:F2} s = {count / whatsappProcessed.TotalSeconds:F0} msg/s; " +
        $"{CpuFigures(whatsappCpuUsed, count)}; load {Load()}");

    // ---- WhatsApp sustained: open loop at a fixed rate ----
    var total = (int)(sustainedRate * sustainedSeconds);
    var sustainedBodies = Enumerable.Range(count, total).Select(Body).ToList();
    var sustainedLatencies = new double[total];
    var backlogSamples = new List<long>();
    var sustainedFailures = 0;
    var sustainedCpu = cpu.Snapshot();
    var sustainedClock = Stopwatch.StartNew();
    var sampling = Task.Run(async () =>
    {
        while (sustainedClock.Elapsed.TotalSeconds < sustainedSeconds)
        {
            await Task.Delay(1000);
            backlogSamples.Add(await ScalarAsync(
                "SELECT count(*) FROM channels.inbox_messages WHERE channel_id = @c AND status <> 'processed'", whatsappChannel));
        }
    });
    var posts = new List<Task>(total);
    for (var i = 0; i < total; i++)
    {
        var due = TimeSpan.FromSeconds(i / sustainedRate);
        var wait = due - sustainedClock.Elapsed;
        if (wait > TimeSpan.FromMilliseconds(1))
        {
            await Task.Delay(wait);
        }

        var index = i;
        posts.Add(Task.Run(async () =>
        {
            try
            {
                sustainedLatencies[index] = await PostAsync(sustainedBodies[index]);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                sustainedLatencies[index] = double.PositiveInfinity; // not answered in 30 s (or not 200): Meta would retry
                Interlocked.Increment(ref sustainedFailures);
            }
        }));
    }

    await Task.WhenAll(posts);
    var sustainedAnswered = sustainedClock.Elapsed;
    await sampling;
    var storedNow = await ScalarAsync("SELECT count(*) FROM channels.inbox_messages WHERE channel_id = @c", whatsappChannel);
    await WaitForAsync(whatsappChannel, (int)storedNow, processed: true, TimeSpan.FromMinutes(5));
    var sustainedProcessed = sustainedClock.Elapsed;
    var sustainedCpuUsed = cpu.Since(sustainedCpu);
    Console.WriteLine(
        $"Sustained : {total} webhooks offered at {sustainedRate:F0}/s for {sustainedSeconds:F0} s, answered after {sustainedAnswered.TotalSeconds:F2} s " +
        $"({sustainedFailures} not answered 200 within 30 s), " +
        $"{Percentiles(sustainedLatencies)}; not yet processed each second: [{string.Join(", ", backlogSamples)}]; " +
        $"last ticket after {sustainedProcessed.TotalSeconds:F2} s = {total / sustainedProcessed.TotalSeconds:F0} msg/s through to tickets; " +
        $"{CpuFigures(sustainedCpuUsed, total)}; load {Load()}");

    // ---- Baseline: the same inbox write through POST /api/v1/inbound (no connector), same concurrency ----
    var restBodies = Enumerable.Range(0, count).Select(i => JsonSerializer.Serialize(new
    {
        channelId = "00000000-0000-0000-0000-000000000001",
        externalMessageId = $"bench-{i}",
        from = new { kind = "phone", value = "+4860100" + (i % 100).ToString("D4", CultureInfo.InvariantCulture), displayName = $"Client {i % 100}" },
        text = $"Hello, message {i}",
    })).ToList();
    var restLatencies = new double[count];
    var restCpu = cpu.Snapshot();
    var restClock = Stopwatch.StartNew();
    await Parallel.ForEachAsync(
        Enumerable.Range(0, count),
        new ParallelOptions { MaxDegreeOfParallelism = 16 },
        async (i, _) =>
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await admin.PostAsync("/api/v1/inbound", new StringContent(restBodies[i], Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
            restLatencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        });
    var restStored = restClock.Elapsed;
    await WaitForAsync(new Guid("00000000-0000-0000-0000-000000000001"), count, processed: true, TimeSpan.FromMinutes(3));
    var restProcessed = restClock.Elapsed;
    var restCpuUsed = cpu.Since(restCpu);
    Console.WriteLine(
        $"REST      : {count} POST /api/v1/inbound (16 concurrent) in {restStored.TotalSeconds:F2} s = {count / restStored.TotalSeconds:F0} msg/s, " +
        $"{Percentiles(restLatencies)}; all tickets after {restProcessed.TotalSeconds:F2} s; {CpuFigures(restCpuUsed, count)}; load {Load()}");
}

static string Percentiles(double[] values)
{
    var sorted = values.Order().ToArray();
    double At(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    return $"response p50 {At(0.50):F1} ms, p95 {At(0.95):F1} ms, p99 {At(0.99):F1} ms, max {sorted[^1]:F1} ms";
}

async Task<Guid> CreateChannelAsync(HttpClient admin, string pluginId, Dictionary<string, object?> settings)
{
    using var response = await admin.PostAsJsonAsync("/api/v1/channels", new { pluginId, name = $"bench {pluginId}", settings });
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"Creating the {pluginId} channel failed: {await response.Content.ReadAsStringAsync()}");
    }

    return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
}

async Task<long> ScalarAsync(string sql, Guid channelId)
{
    await using var command = dataSource.CreateCommand(sql);
    command.Parameters.AddWithValue("c", channelId);
    return (long)(await command.ExecuteScalarAsync())!;
}

async Task WaitForAsync(Guid channelId, int expected, bool processed, TimeSpan timeout)
{
    var deadline = DateTime.UtcNow + timeout;
    processed &= !storeOnly;
    var sql = processed
        ? "SELECT count(*) FROM channels.inbox_messages WHERE channel_id = @c AND status = 'processed'"
        : "SELECT count(*) FROM channels.inbox_messages WHERE channel_id = @c";
    while (true)
    {
        var stored = await ScalarAsync(sql, channelId);
        if (stored >= expected)
        {
            return;
        }

        if (DateTime.UtcNow > deadline)
        {
            throw new TimeoutException($"Only {stored} of {expected} messages {(processed ? "processed" : "stored")} for channel {channelId}.");
        }

        await Task.Delay(20);
    }
}
