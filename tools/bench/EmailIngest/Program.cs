using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using ModularDesk.Plugins.Email.Tests.Support;
using ModularDesk.Testing;

// Email channel throughput, end to end, on the real host as an OS process (Kestrel on a real port, the email plugin
// loaded from the built plugins folder, the test PostgreSQL cluster) against a real Dovecot:
//  1. Ingest: a folder of N messages (default 10,000; 1,000 senders at 100 domains, a quarter of them replies with
//     In-Reply-To) is filled over IMAP, then an email channel is created for it; measured: until all N are in the
//     channel's inbox, and until all N are filed into tickets (inbox status 'processed': card, organization, ticket).
//  2. Latency: with the connector idling, single messages from new senders are APPENDed one at a time; measured: the
//     time until the new ticket is visible through GET /api/v1/tickets (p50/p95/p99).
// The machine is shared: the load average is printed with every figure, and CPU seconds of the host + PostgreSQL per
// message give the rate two idle cores would reach.
// Usage: bash tools/bench/email-ingest.sh [messages=10000] [latency probes=50]
var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var probes = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
const string adminEmail = "admin@localhost";
const string adminPassword = "Admin-Password-For-Bench-1";
var pluginsDirectory = typeof(MailServers).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PluginsDirectory").Value!;
string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

Console.WriteLine($"EmailIngest: {count} messages, {probes} latency probes, {Environment.ProcessorCount} CPUs, load average {Load()} at start");
await using var servers = await MailServers.StartAsync();
await using var database = await TestDatabase.CreateAsync();
var dataDirectory = TempDirectory.Create("bench-email");
await using var host = HostProcess.Start(new Dictionary<string, string?>
{
    ["ConnectionStrings__ModularDesk"] = database.ConnectionString,
    ["MODULARDESK_DATA_DIR"] = dataDirectory,
    ["MODULARDESK_ADMIN_EMAIL"] = adminEmail,
    ["MODULARDESK_ADMIN_PASSWORD"] = adminPassword,
    ["Plugins__Directory"] = pluginsDirectory,
    // BENCH_PERF_MAP=1: `perf` can name JIT-compiled frames of the host (perf map, code not double-mapped).
    ["DOTNET_PerfMapEnabled"] = Environment.GetEnvironmentVariable("BENCH_PERF_MAP"),
    ["DOTNET_EnableWriteXorExecute"] = Environment.GetEnvironmentVariable("BENCH_PERF_MAP") is "1" ? "0" : null,
});
Console.WriteLine($"  host process {host.ProcessId}, PostgreSQL port {(await PostgresCluster.SharedAsync()).Port}");
await host.WaitUntilReadyAsync();
using var admin = host.CreateClient();
using (var login = await admin.PostAsJsonAsync("/api/v1/auth/login", new { email = adminEmail, password = adminPassword }))
{
    login.EnsureSuccessStatusCode();
    admin.DefaultRequestHeaders.Authorization = new("Bearer", (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
}

var cpu = new CpuMeter(host.ProcessId, (await PostgresCluster.SharedAsync()).Port);
double HostCpu() => File.ReadAllText($"/proc/{host.ProcessId}/stat") is var stat && stat[(stat.LastIndexOf(')') + 2)..].Split(' ') is var f
    ? (long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture)) / 100.0
    : 0;

// ---- 1. Ingest of a full mailbox ----
Console.WriteLine($"Filling a folder with {count} messages over IMAP...");
var fill = Stopwatch.StartNew();
const int chunk = 500;
for (var i = 0; i < count; i += chunk)
{
    await servers.Dovecot.AppendAsync("Bench", Enumerable.Range(i, Math.Min(chunk, count - i)).Select(BenchMail).ToArray());
}

Console.WriteLine($"  filled in {fill.Elapsed.TotalSeconds:F1} s");

var cpuBefore = cpu.Seconds();
var hostCpuBefore = HostCpu();
var clock = Stopwatch.StartNew();
var channel = await CreateChannelAsync("Bench");
TimeSpan? inInbox = null;
long inboxCount = 0, processed = 0;
var deadline = TimeSpan.FromMinutes(15);
while (processed < count)
{
    await Task.Delay(200);
    inboxCount = await database.ScalarAsync<long>("SELECT count(*) FROM channels.inbox_messages WHERE channel_id = @c", ("c", channel));
    processed = await database.ScalarAsync<long>(
        "SELECT count(*) FROM channels.inbox_messages WHERE channel_id = @c AND status = 'processed'", ("c", channel));
    if (inInbox is null && inboxCount >= count)
    {
        inInbox = clock.Elapsed;
    }

    if (clock.Elapsed > deadline)
    {
        throw new TimeoutException($"After {deadline}: {inboxCount} in the inbox, {processed} filed of {count}.");
    }
}

var filed = clock.Elapsed;
var cpuIngest = cpu.Seconds() - cpuBefore;
var hostCpuIngest = HostCpu() - hostCpuBefore;
var loadAfterIngest = Load();
var tickets = await database.ScalarAsync<long>("SELECT count(*) FROM tickets.tickets WHERE channel_id = @c", ("c", channel));
var failed = await database.ScalarAsync<long>("SELECT count(*) FROM channels.inbox_messages WHERE channel_id = @c AND status = 'failed'", ("c", channel));
Console.WriteLine(
    $"Ingest  : {count} messages in the inbox after {inInbox!.Value.TotalSeconds:F1} s = {count / inInbox.Value.TotalSeconds:F0} msg/s; " +
    $"all filed into {tickets} tickets after {filed.TotalSeconds:F1} s = {count / filed.TotalSeconds:F0} msg/s end to end ({failed} failed); " +
    $"load average {loadAfterIngest}");
Console.WriteLine(
    $"          host+PostgreSQL CPU {cpuIngest * 1000 / count:F2} ms/msg (host {hostCpuIngest * 1000 / count:F2}, PostgreSQL {(cpuIngest - hostCpuIngest) * 1000 / count:F2}) " +
    $"=> {count / cpuIngest * Environment.ProcessorCount:F0} msg/s on {Environment.ProcessorCount} idle cores");

// ---- 2. APPEND -> ticket visible through the API, one at a time while idle ----
await Task.Delay(TimeSpan.FromSeconds(3)); // background work of the ingest (routing, history) settles
var latencies = new List<double>();
var loads = new List<string>();
for (var i = 0; i < probes; i++)
{
    await Task.Delay(500); // the connector is back in IDLE
    var subject = $"Latency probe {i} {Guid.NewGuid():N}";
    var raw = Mail.Text($"probe-{i}-{Guid.NewGuid():N}@probe.example", subject, "Are you there?", from: $"Probe {i} <probe{i}@probe{i}.example>");
    var watch = Stopwatch.StartNew();
    await servers.Dovecot.AppendAsync("Bench", raw);
    while (true)
    {
        using var response = await admin.GetAsync("/api/v1/tickets?limit=1");
        response.EnsureSuccessStatusCode();
        var newest = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().FirstOrDefault();
        if (newest.ValueKind == JsonValueKind.Object && newest.GetProperty("subject").GetString() == subject)
        {
            break;
        }

        if (watch.Elapsed > TimeSpan.FromSeconds(60))
        {
            throw new TimeoutException($"Probe {i} did not become a ticket within 60 s.");
        }

        await Task.Delay(10);
    }

    latencies.Add(watch.Elapsed.TotalMilliseconds);
    loads.Add(Load());
}

latencies.Sort();
double Percentile(double p) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];
Console.WriteLine(
    $"Latency : APPEND -> ticket in GET /api/v1/tickets ({probes} probes, idle): p50 {Percentile(0.50):F0} ms, p95 {Percentile(0.95):F0} ms, " +
    $"p99 {Percentile(0.99):F0} ms, max {latencies[^1]:F0} ms; load average {loads.Min()}–{loads.Max()}");

await host.StopAsync();
TempDirectory.TryDelete(dataDirectory);
return 0;

// 1,000 senders at 100 domains; every fourth message of a sender answers its previous one (In-Reply-To), so
// threading lookups are part of the load; the text carries a quoted earlier message for the quote stripper.
static byte[] BenchMail(int n)
{
    var sender = n % 1000;
    var round = n / 1000;
    var from = $"Client {sender} <client{sender}@company{sender % 100}.bench.example>";
    var body = $"Hello, this is message {n} about order {n + 10000}.\n\nOn Mon, 23 Nov 2026 at 09:00, Support <s@example.test> wrote:\n> earlier text";
    return round % 4 == 3
        ? Mail.Text($"bench-{n}@acme.example", $"Re: Question {n - 1000}", body, from, $"In-Reply-To: <bench-{n - 1000}@acme.example>\nReferences: <bench-{n - 1000}@acme.example>\n")
        : Mail.Text($"bench-{n}@acme.example", $"Question {n}", body, from);
}

async Task<Guid> CreateChannelAsync(string folder)
{
    using var response = await admin.PostAsJsonAsync(
        "/api/v1/channels", new { pluginId = "email", name = $"Bench {folder}", settings = servers.Settings(folder) });
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"Creating the channel failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
}
