// Clients search and sender resolution on 1,000,000 cards (issue 4).
//   1. A throwaway database: the real host process migrates it (every module's migrations), then Seeder COPYs N cards
//      with 2–3 identities each into clients.clients / contacts / identities and re-creates the production indexes.
//   2. GET /api/v1/clients/search through HTTP against that host process: p50/p95/p99 per kind of query.
//   3. IClientSenderResolver.ResolveAsync for known senders, called in process on a second (in-memory) host on the
//      same database, and its lookup statement alone over Npgsql.
//   4. EXPLAIN (ANALYZE, BUFFERS) of each statement the search and the resolver run.
// Usage: tools/bench/clients-search.sh [clients=1000000] [--server <maintenance connection string>] [--reuse <db>] [--keep] [--seed-only] [--samples n]
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ClientsSearch;
using Microsoft.Extensions.DependencyInjection;
using ModularDesk.Clients.Contracts.Resolution;
using ModularDesk.Clients.Resolution;
using ModularDesk.Clients.Search;
using ModularDesk.Testing;
using Npgsql;

var count = 1_000_000;
string? server = Environment.GetEnvironmentVariable("CLIENTS_BENCH_SERVER");
string? reuse = null;
var keep = false;
var seedOnly = false;
var samplesPerKind = 300;
for (var a = 0; a < args.Length; a++)
{
    switch (args[a])
    {
        case "--server": server = args[++a]; break;
        case "--reuse": reuse = args[++a]; break;
        case "--keep": keep = true; break;
        case "--seed-only": seedOnly = true; keep = true; break;
        case "--samples": samplesPerKind = int.Parse(args[++a], CultureInfo.InvariantCulture); break;
        default: count = int.Parse(args[a], CultureInfo.InvariantCulture); break;
    }
}

string LoadAverage() => File.ReadAllText("/proc/loadavg").Trim();
Console.WriteLine($"ClientsSearch: {count:N0} clients, {Environment.ProcessorCount} CPUs, load average {LoadAverage()}");

var maintenance = server ?? (await PostgresCluster.SharedAsync()).MaintenanceConnectionString;
var databaseName = reuse ?? "clients_bench_" + Guid.NewGuid().ToString("N")[..8];
var connectionString = new NpgsqlConnectionStringBuilder(maintenance) { Database = databaseName, Pooling = true, MaxPoolSize = 20 }.ConnectionString;
if (reuse is null)
{
    await using var m = new NpgsqlConnection(maintenance);
    await m.OpenAsync();
    await Seeder.ExecuteAsync(m, $"CREATE DATABASE {databaseName}");
}

var dataDirectory = TempDirectory.Create("clients-bench");
const string adminEmail = "admin@localhost";
const string adminPassword = "Admin-Password-For-Bench-1";
var hostSettings = new Dictionary<string, string?>
{
    ["ConnectionStrings__ModularDesk"] = connectionString,
    ["MODULARDESK_DATA_DIR"] = dataDirectory,
    ["MODULARDESK_ADMIN_EMAIL"] = adminEmail,
    ["MODULARDESK_ADMIN_PASSWORD"] = adminPassword,
};
var clock = Stopwatch.StartNew();
await using (var migrating = HostProcess.Start(hostSettings))
{
    // The host migrates the new database; it is stopped for the load so nothing of it runs while indexes are missing.
    await migrating.WaitUntilReadyAsync(TimeSpan.FromMinutes(3));
    await migrating.StopAsync();
}

Console.WriteLine($"Migrated by the host in {clock.Elapsed.TotalSeconds:F0} s");
if (reuse is null)
{
    clock.Restart();
    await Seeder.SeedAsync(connectionString, count);
    Console.WriteLine($"Seeded in {clock.Elapsed.TotalSeconds:F0} s (load average {LoadAverage()})");
}

if (seedOnly)
{
    Console.WriteLine($"Kept {databaseName} (measure with --reuse {databaseName}).");
    return 0;
}

await using var db = NpgsqlDataSource.Create(connectionString);
Console.WriteLine(
    $"Rows: {await ScalarAsync<long>("SELECT count(*) FROM clients.clients"):N0} clients, {await ScalarAsync<long>("SELECT count(*) FROM clients.contacts"):N0} contacts, " +
    $"{await ScalarAsync<long>("SELECT count(*) FROM clients.identities"):N0} identities, {await ScalarAsync<long>("SELECT count(*) FROM clients.name_dictionary"):N0} distinct name words ({await ScalarAsync<long>("SELECT count(*) FROM clients.name_word_variants"):N0} one-deletion variants), " +
    $"{await ScalarAsync<long>("SELECT count(DISTINCT name) FROM clients.clients"):N0} distinct names; database {await ScalarAsync<string>($"SELECT pg_size_pretty(pg_database_size('{databaseName}'))")}");

await using var host = HostProcess.Start(hostSettings);
await host.WaitUntilReadyAsync(TimeSpan.FromMinutes(3));
using var http = host.CreateClient();
using (var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = adminEmail, password = adminPassword }))
{
    login.EnsureSuccessStatusCode();
    http.DefaultRequestHeaders.Authorization = new("Bearer", (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
}

// ---- Queries, derived from cards that are in the database (every card can be re-derived from its index) ----
var random = new Random(2026);
var sample = new List<SeedClient>();
while (sample.Count < samplesPerKind * 4)
{
    var c = Population.Client(random.Next(count));
    if (!c.Hidden)
    {
        sample.Add(c);
    }
}

var kinds = new List<(string Kind, List<(string Query, Func<JsonElement, bool> IsTarget)> Queries)>();
void Kind(string kind, Func<SeedClient, (string Query, Func<JsonElement, bool> IsTarget)?> make) =>
    kinds.Add((kind, sample.Select(make).Where(q => q is not null).Select(q => q!.Value).Take(samplesPerKind).ToList()));

Func<JsonElement, bool> SameName(SeedClient c) => item => item.GetProperty("name").GetString() == c.Name;
Func<JsonElement, bool> SameId(SeedClient c) => item => item.GetProperty("id").GetGuid() == c.Id;
SeedContact? ContactOf(SeedClient c, string kind) => c.Contacts.FirstOrDefault(x => x.Kind == kind);

Kind("name, exact", c => (c.Name, SameName(c)));
Kind("name, one typo", c => Typo(c.Name) is { } t ? (t, SameName(c)) : null);
Kind("name, no accents", c => Population.WithoutAccents(c.Name) is var plain && plain != c.Name ? (plain.ToLowerInvariant(), SameName(c)) : null);
Kind("name, reversed order", c => c.Name.Split(' ') is { Length: > 1 } words ? (string.Join(' ', words.Reverse()), SameName(c)) : null);
Kind("surname only", c => c.Name.Split(' ')[^1] is { Length: >= 4 } s ? (s, item => item.GetProperty("name").GetString()!.Contains(s, StringComparison.Ordinal)) : null);
Kind("email", c => ContactOf(c, "email") is { } e ? (c.Index % 3 == 0 ? e.Value.ToUpperInvariant() : e.Value, SameId(c)) : null);
Kind("phone, E.164", c => ContactOf(c, "phone") is { } p ? (p.Value, SameId(c)) : null);
Kind("phone, spaced international", c => ContactOf(c, "phone") is { } p ? (p.Display, SameId(c)) : null);
Kind("phone, 00 prefix and dashes", c => ContactOf(c, "phone") is { } p ? ("00" + p.Display[1..].Replace(' ', '-'), SameId(c)) : null);
Kind("phone, national (no country)", c => ContactOf(c, "phone") is { National: { } n } ? (n, SameId(c)) : null);
Kind("messenger id", c => ContactOf(c, "messenger") is { } m ? (m.Value, SameId(c)) : null);
Kind("external id", c => ContactOf(c, "externalId") is { } x ? (x.Value, SameId(c)) : null);

// Warm-up: every kind once per 20 queries (JIT, connection pool, the pages the indexes live on).
foreach (var (_, queries) in kinds)
{
    foreach (var (q, _) in queries.Take(20))
    {
        await SearchAsync(q);
    }
}

Console.WriteLine();
Console.WriteLine($"Search through HTTP (GET /api/v1/clients/search, one request at a time, {samplesPerKind} queries per kind; load average {LoadAverage()}):");
Console.WriteLine($"  {"kind",-30} {"p50",8} {"p95",8} {"p99",8} {"max",8}  found");
var searchSummary = new List<string>();
foreach (var (kind, queries) in kinds)
{
    var latencies = new double[queries.Count];
    var found = 0;
    var missed = new List<string>();
    for (var i = 0; i < queries.Count; i++)
    {
        var started = Stopwatch.GetTimestamp();
        var items = await SearchAsync(queries[i].Query);
        latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (items.Any(queries[i].IsTarget))
        {
            found++;
        }
        else if (missed.Count < 3)
        {
            missed.Add(queries[i].Query);
        }
    }

    var line = $"  {kind,-30} {Percentile(latencies, 0.50),8:F2} {Percentile(latencies, 0.95),8:F2} {Percentile(latencies, 0.99),8:F2} {latencies.Max(),8:F2}  {found}/{queries.Count}";
    Console.WriteLine(line + (missed.Count > 0 ? "  missed e.g. " + string.Join(" | ", missed) : ""));
    searchSummary.Add(line);
}

Console.WriteLine($"  (ms; load average after: {LoadAverage()})");

// ---- The sender resolver: in process (a second host, in memory, same database) ----
Console.WriteLine();
var resolverSample = sample.Take(1000).ToList();
var senders = resolverSample.Select(c => c.Contacts[0] switch
{
    { Kind: "email" } e => new InboundSender("email", e.Value, Guid.Empty, "email"),
    { Kind: "phone" } p => new InboundSender("phone", p.Value, Guid.Empty, "whatsapp"),
    { Kind: "messenger" } m => new InboundSender("messenger", m.Value, Guid.Empty, m.Label!) { Messenger = m.Label },
    var x => new InboundSender("externalId", x.Value, Guid.Empty, "api") { Messenger = x.Label },
}).ToList();
var inProcessSettings = hostSettings.ToDictionary(kv => kv.Key.Replace("__", ":", StringComparison.Ordinal), kv => kv.Value);
inProcessSettings["MODULARDESK_DATA_DIR"] = TempDirectory.Create("clients-bench-inproc");
inProcessSettings["Serilog:MinimumLevel:Default"] = "Warning";
Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_MODULARDESK_HOST", Path.Combine(RepositoryRoot.Path, "host", "ModularDesk.Host"));
await using (var factory = new ModularDeskFactory(inProcessSettings, null))
{
    _ = factory.Server;
    var resolverLatencies = new double[senders.Count];
    for (var round = 0; round < 2; round++)
    {
        for (var i = 0; i < senders.Count; i++)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var resolver = scope.ServiceProvider.GetRequiredService<IClientSenderResolver>();
            var started = Stopwatch.GetTimestamp();
            var resolved = await resolver.ResolveAsync(senders[i]);
            resolverLatencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (resolved.Created || resolved.ClientId != resolverSample[i].Id)
            {
                throw new InvalidOperationException($"The resolver did not find card {resolverSample[i].Id} for {senders[i]}.");
            }
        }
    }

    Console.WriteLine(
        $"Resolver (IClientSenderResolver.ResolveAsync in process, known senders, {senders.Count} calls after {senders.Count} warm-up): " +
        $"p50 {Percentile(resolverLatencies, 0.5):F3} ms, p95 {Percentile(resolverLatencies, 0.95):F3} ms, p99 {Percentile(resolverLatencies, 0.99):F3} ms (load average {LoadAverage()})");
}

// ---- The resolver's lookup statement alone ----
{
    await using var connection = await db.OpenConnectionAsync();
    var sqlLatencies = new double[senders.Count * 2];
    for (var round = 0; round < 2; round++)
    {
        for (var i = 0; i < senders.Count; i++)
        {
            var contact = resolverSample[i].Contacts[0];
            await using var command = LookupCommand(connection, contact);
            var started = Stopwatch.GetTimestamp();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                await reader.ReadAsync();
                if (reader.GetGuid(0) != resolverSample[i].Id)
                {
                    throw new InvalidOperationException("The lookup statement found another card.");
                }
            }

            sqlLatencies[(round * senders.Count) + i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
    }

    var measured = sqlLatencies[senders.Count..];
    Console.WriteLine(
        $"Resolver lookup statement alone (Npgsql, one connection): p50 {Percentile(measured, 0.5):F3} ms, p95 {Percentile(measured, 0.95):F3} ms, " +
        $"p99 {Percentile(measured, 0.99):F3} ms (load average {LoadAverage()})");
}

// ---- Plans ----
Console.WriteLine();
Console.WriteLine("EXPLAIN (ANALYZE, BUFFERS) of the statements behind each kind of query:");
var planTarget = sample.First(c => c.Contacts.Any(x => x.Kind == "phone") && c.Contacts.Any(x => x.Kind == "email"));
var phone = planTarget.Contacts.First(x => x.Kind == "phone");
var messengerTarget = sample.First(c => c.Contacts.Any(x => x.Kind == "messenger"));
var typoName = Typo(planTarget.Name) ?? planTarget.Name;
// The name search is one function (clients.search_names); auto_explain shows the plans of the statements inside it.
await ExplainNamesAsync($"names (one typo: '{typoName}')", typoName);
await ExplainNamesAsync("a common surname alone ('nowak'): the candidate cap at work", "nowak");
await ExplainNamesAsync($"names, exact ('{planTarget.Name}')", planTarget.Name);

await ExplainAsync("email", ClientSearch.IdentitySql, ("keys", new[] { planTarget.Contacts.First(x => x.Kind == "email").Key }), ("kinds", new[] { "email" }), ("limit", 20));
await ExplainAsync("phone (canonical key)", ClientSearch.IdentitySql, ("keys", new[] { phone.Key }), ("kinds", new[] { "phone" }), ("limit", 20));
await ExplainAsync("phone without country (reversed tail)", ClientSearch.PhoneTailSql,
    ("pattern", new string(new string(phone.National!.Where(char.IsAsciiDigit).ToArray()).TrimStart('0').Reverse().ToArray()) + "%"), ("limit", 20));
await ExplainAsync("messenger/external id", ClientSearch.IdentitySql,
    ("keys", new[] { messengerTarget.Contacts.First(x => x.Kind == "messenger").Key }), ("kinds", new[] { "messenger", "externalId", "social" }), ("limit", 20));
{
    await using var connection = await db.OpenConnectionAsync();
    await using var command = LookupCommand(connection, planTarget.Contacts[0]);
    command.CommandText = "EXPLAIN (ANALYZE, BUFFERS) " + command.CommandText;
    await PrintPlanAsync("resolver lookup", command);
}

await host.StopAsync();
TempDirectory.TryDelete(dataDirectory);
TempDirectory.TryDelete(inProcessSettings["MODULARDESK_DATA_DIR"]!);
NpgsqlConnection.ClearAllPools();
if (!keep)
{
    await using var m = new NpgsqlConnection(maintenance);
    await m.OpenAsync();
    await Seeder.ExecuteAsync(m, $"DROP DATABASE {databaseName} WITH (FORCE)");
    Console.WriteLine($"Dropped {databaseName}.");
}
else
{
    Console.WriteLine($"Kept {databaseName} (re-run with --reuse {databaseName}).");
}

Console.WriteLine($"Load average at the end: {LoadAverage()}");
return 0;

async Task<List<JsonElement>> SearchAsync(string q)
{
    using var response = await http.GetAsync("/api/v1/clients/search?q=" + Uri.EscapeDataString(q));
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"Search '{q}' answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    var body = await response.Content.ReadFromJsonAsync<JsonElement>();
    return body.GetProperty("items").EnumerateArray().ToList();
}

NpgsqlCommand LookupCommand(NpgsqlConnection connection, SeedContact contact)
{
    var command = new NpgsqlCommand(ClientSenderResolver.LookupSql, connection);
    command.Parameters.AddWithValue("kind", contact.Kind);
    command.Parameters.AddWithValue("scope", contact.Scope);
    command.Parameters.AddWithValue("key", contact.Key);
    command.Parameters.AddWithValue("values", contact.Kind == "email" ? new[] { contact.Key, "@" + contact.Key.Split('@')[1] } : new[] { contact.Key });
    return command;
}

async Task ExplainAsync(string title, string sql, params (string Name, object Value)[] parameters)
{
    await using var connection = await db.OpenConnectionAsync();
    await using (var threshold = new NpgsqlCommand("SELECT 1", connection))
    {
        await threshold.ExecuteNonQueryAsync();
    }

    await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + sql, connection);
    foreach (var (name, value) in parameters)
    {
        command.Parameters.AddWithValue(name, value);
    }

    await PrintPlanAsync(title, command);
}

async Task ExplainNamesAsync(string title, string q)
{
    await using var connection = await db.OpenConnectionAsync();
    try
    {
        await using var setup = new NpgsqlCommand(
            "LOAD 'auto_explain'; SET auto_explain.log_min_duration = 0; SET auto_explain.log_analyze = on; SET auto_explain.log_buffers = on; " +
            "SET auto_explain.log_nested_statements = on; SET client_min_messages = log", connection);
        await setup.ExecuteNonQueryAsync();
    }
    catch (PostgresException exception)
    {
        Console.WriteLine($"  -- {title}: no plans ({exception.MessageText}; auto_explain needs a superuser and the contrib library)");
        return;
    }

    var plans = new StringBuilder();
    connection.Notice += (_, e) =>
    {
        // Only the function's own statements (words, cards) and the call; not the helper functions' one-liners.
        var text = e.Notice.MessageText;
        if (!text.Contains("plan:", StringComparison.Ordinal) ||
            !(text.Contains("WITH candidates", StringComparison.Ordinal) || text.Contains("FROM clients.clients", StringComparison.Ordinal) ||
              text.Contains("search_names(", StringComparison.Ordinal)))
        {
            return;
        }

        var lines = text.Split('\n');
        var queryLine = Array.FindIndex(lines, l => l.StartsWith("Query Text:", StringComparison.Ordinal));
        var planStart = Array.FindIndex(lines, l => l.Length > 0 && !char.IsWhiteSpace(l[0]) && (l.Contains("(cost=", StringComparison.Ordinal)));
        plans.AppendLine("    " + lines[0] + "  " + (queryLine >= 0 ? lines[queryLine].Trim() : ""));
        foreach (var line in lines[Math.Max(planStart, 0)..])
        {
            plans.AppendLine("      " + (line.Length > 170 ? line[..170] + "…" : line));
        }
    };
    await using (var command = new NpgsqlCommand("SELECT count(*) FROM clients.search_names(@q, 20, @candidates)", connection))
    {
        command.Parameters.AddWithValue("q", q);
        command.Parameters.AddWithValue("candidates", ClientSearch.NameCandidates);
        await command.ExecuteScalarAsync();
    }

    Console.WriteLine($"  -- {title}");
    Console.Write(plans);
}

async Task PrintPlanAsync(string title, NpgsqlCommand command)
{
    var plan = new StringBuilder();
    await using (var reader = await command.ExecuteReaderAsync())
    {
        while (await reader.ReadAsync())
        {
            plan.AppendLine("    " + reader.GetString(0));
        }
    }

    Console.WriteLine($"  -- {title}");
    Console.Write(plan);
}

async Task<T> ScalarAsync<T>(string sql)
{
    await using var command = db.CreateCommand(sql);
    return (T)(await command.ExecuteScalarAsync())!;
}

static double Percentile(double[] values, double p)
{
    var sorted = values.Order().ToArray();
    return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

// One typo in the longest word: two neighbouring letters swapped (the commonest slip), else a letter doubled.
static string? Typo(string name)
{
    var words = name.Split(' ');
    var longest = words.OrderByDescending(w => w.Length).First();
    if (longest.Length < 5)
    {
        return null;
    }

    var p = longest.Length / 2;
    var chars = longest.ToCharArray();
    if (chars[p] != chars[p + 1])
    {
        (chars[p], chars[p + 1]) = (chars[p + 1], chars[p]);
    }
    else
    {
        return name.Replace(longest, longest.Insert(p, longest[p].ToString()), StringComparison.Ordinal);
    }

    return name.Replace(longest, new string(chars), StringComparison.Ordinal);
}
