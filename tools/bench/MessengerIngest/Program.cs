// Ingest throughput of the Telegram and WhatsApp connectors on the real host as an OS process (Kestrel on a real
// port, the test PostgreSQL cluster), against the tests' local Bot API and Graph API fakes.
//   Telegram: N updates from 50 users queued at the fake while the connector long-polls; time until all N are in the inbox.
//   WhatsApp: N signed webhooks (one message each, 100 senders) posted over HTTP 16 at a time, as Meta does;
//             time until all were answered (each 200 comes after the inbox commit) and the response-time percentiles.
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using ModularDesk.Plugins.Messengers.Tests.Fakes;
using ModularDesk.Testing;

var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
const string adminEmail = "admin@localhost";
const string adminPassword = "Admin-Password-For-Bench-1";
const string appSecret = "bench-app-secret-0123456789abcdef";
var pluginsDirectory = typeof(MetaWebhooks).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PluginsDirectory").Value!;

await using var database = await TestDatabase.CreateAsync();
var dataDirectory = TempDirectory.Create("bench-data");
await using var telegram = new FakeTelegramBotApi();
await telegram.StartAsync();
await using var graph = new FakeGraphApi();
await graph.StartAsync();
await using var host = HostProcess.Start(new Dictionary<string, string?>
{
    ["ConnectionStrings__ModularDesk"] = database.ConnectionString,
    ["MODULARDESK_DATA_DIR"] = dataDirectory,
    ["MODULARDESK_ADMIN_EMAIL"] = adminEmail,
    ["MODULARDESK_ADMIN_PASSWORD"] = adminPassword,
    ["Plugins__Directory"] = pluginsDirectory,
});
await host.WaitUntilReadyAsync();

using var admin = host.CreateClient();
using (var login = await admin.PostAsJsonAsync("/api/v1/auth/login", new { email = adminEmail, password = adminPassword }))
{
    login.EnsureSuccessStatusCode();
    admin.DefaultRequestHeaders.Authorization = new("Bearer", (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
}

var cpu = new CpuMeter(host.ProcessId, (await PostgresCluster.SharedAsync()).Port);
Console.WriteLine(
    $"MessengerIngest: {count} messages per connector, {Environment.ProcessorCount} CPUs, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at start");

string CpuFigures(double cpuSeconds, int messages) =>
    $"host+PostgreSQL CPU {cpuSeconds * 1000 / messages:F2} ms/msg => {messages / cpuSeconds * Environment.ProcessorCount:F0} msg/s on {Environment.ProcessorCount} idle cores";

// ---- Telegram: long polling ----
var bot = telegram.CreateBot("bench_bot");
var telegramChannel = await CreateChannelAsync("telegram", new()
{
    ["botToken"] = bot.Token,
    ["mode"] = "polling",
    ["apiBaseUrl"] = telegram.BaseUrl,
    ["pollTimeoutSeconds"] = 25,
});
await Eventually.TrueAsync(() => Task.FromResult(bot.GetUpdatesOffsets.Count > 0), TimeSpan.FromSeconds(30), "the connector's first getUpdates");
var users = Enumerable.Range(0, 50).Select(i => new TelegramUser(900_000 + i, $"User{i}", "Bench", $"user{i}", "en")).ToList();
var telegramCpu = cpu.Seconds();
var telegramClock = Stopwatch.StartNew();
for (var i = 0; i < count; i++)
{
    bot.UserSends(users[i % users.Count], $"Message {i} about order #{i + 1000}");
}

await WaitForInboxAsync(telegramChannel, count, TimeSpan.FromMinutes(3));
telegramClock.Stop();
telegramCpu = cpu.Seconds() - telegramCpu;
Console.WriteLine(
    $"Telegram  : {count} updates stored in {telegramClock.Elapsed.TotalSeconds:F2} s = {count / telegramClock.Elapsed.TotalSeconds:F0} msg/s wall clock " +
    $"({bot.GetUpdatesOffsets.Count} getUpdates calls); {CpuFigures(telegramCpu, count)}");

// ---- WhatsApp: signed webhooks ----
var phoneNumberId = "106540352242922";
var whatsappChannel = await CreateChannelAsync("whatsapp", new()
{
    ["phoneNumberId"] = phoneNumberId,
    ["accessToken"] = graph.AccessToken,
    ["appSecret"] = appSecret,
    ["verifyToken"] = "bench-verify",
    ["apiBaseUrl"] = graph.BaseUrl,
    ["apiVersion"] = FakeGraphApi.Version,
});
using var meta = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(30) };
string Body(int i)
{
    var waId = "4860100" + (i % 100).ToString("D4", CultureInfo.InvariantCulture);
    return MetaWebhooks.Message(phoneNumberId, waId, $"Client {i % 100}", MetaWebhooks.Text(waId, MetaWebhooks.NewMessageId(), $"Hello, message {i}"));
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

const int warmUp = 20;
for (var i = 0; i < warmUp; i++)
{
    await PostAsync(Body(-1 - i));
}

var bodies = Enumerable.Range(0, count).Select(Body).ToList();
var latencies = new double[count];
var whatsappCpu = cpu.Seconds();
var whatsappClock = Stopwatch.StartNew();
await Parallel.ForEachAsync(
    Enumerable.Range(0, count),
    new ParallelOptions { MaxDegreeOfParallelism = 16 },
    async (i, _) => latencies[i] = await PostAsync(bodies[i]));
whatsappClock.Stop();
whatsappCpu = cpu.Seconds() - whatsappCpu;
await WaitForInboxAsync(whatsappChannel, count + warmUp, TimeSpan.FromSeconds(30));
Array.Sort(latencies);
double Percentile(double p) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];
Console.WriteLine(
    $"WhatsApp  : {count} webhooks stored in {whatsappClock.Elapsed.TotalSeconds:F2} s = {count / whatsappClock.Elapsed.TotalSeconds:F0} msg/s, " +
    $"response p50 {Percentile(0.50):F1} ms, p95 {Percentile(0.95):F1} ms, p99 {Percentile(0.99):F1} ms, max {latencies[^1]:F1} ms (16 concurrent); {CpuFigures(whatsappCpu, count)}");
// ---- Baseline: the same inbox write through POST /api/v1/inbound (no connector), same concurrency ----
var restBodies = Enumerable.Range(0, count).Select(i => JsonSerializer.Serialize(new
{
    channelId = "00000000-0000-0000-0000-000000000001",
    externalMessageId = $"bench-{i}",
    from = new { kind = "phone", value = "+4860100" + (i % 100).ToString("D4", CultureInfo.InvariantCulture), displayName = $"Client {i % 100}" },
    text = $"Hello, message {i}",
})).ToList();
var restLatencies = new double[count];
var restCpu = cpu.Seconds();
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
restClock.Stop();
restCpu = cpu.Seconds() - restCpu;
Array.Sort(restLatencies);
Console.WriteLine(
    $"Baseline  : {count} POST /api/v1/inbound in {restClock.Elapsed.TotalSeconds:F2} s = {count / restClock.Elapsed.TotalSeconds:F0} msg/s, " +
    $"p95 {restLatencies[(int)Math.Ceiling(0.95 * count) - 1]:F1} ms; {CpuFigures(restCpu, count)}");
Console.WriteLine($"Load average at the end: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");

await host.StopAsync();
TempDirectory.TryDelete(dataDirectory);
return 0;

async Task<Guid> CreateChannelAsync(string pluginId, Dictionary<string, object?> settings)
{
    using var response = await admin.PostAsJsonAsync("/api/v1/channels", new { pluginId, name = $"bench {pluginId}", settings });
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"Creating the {pluginId} channel failed: {await response.Content.ReadAsStringAsync()}");
    }

    return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
}

async Task WaitForInboxAsync(Guid channelId, int expected, TimeSpan timeout)
{
    var deadline = DateTime.UtcNow + timeout;
    while (true)
    {
        var stored = await database.ScalarAsync<long>("SELECT count(*) FROM channels.inbox_messages WHERE channel_id = @c", ("c", channelId));
        if (stored >= expected)
        {
            return;
        }

        if (DateTime.UtcNow > deadline)
        {
            throw new TimeoutException($"Only {stored} of {expected} messages arrived for channel {channelId}.");
        }

        await Task.Delay(10);
    }
}
