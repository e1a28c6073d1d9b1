// History read-model benchmark (issue 7): first timeline page and change-history page of one client with 10,000
// entries among millions, through HTTP against the real host as an OS process (Kestrel on loopback, bearer auth,
// the whole pipeline) on the embedded PostgreSQL, plus each statement alone with its plan.
// Usage: bash tools/bench/history.sh [totalEntries=5000000] [requests=400]
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ModularDesk.Testing;
using Npgsql;

var totalEntries = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5_000_000;
var requests = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 400;
const int clients = 500_000;
const int targetEntries = 10_000;
var totalChanges = Math.Max(totalEntries / 2, 20_000);
var target = Guid.Parse("00000000-0000-4000-8000-0000000a11ce");
var organization = Guid.Parse("00000000-0000-4000-9000-000000000001");
const string adminPassword = "Bench-Admin-Password-1";

Console.WriteLine($"load average at start: {LoadAverage()}");
var database = await TestDatabase.CreateAsync();
var dataDirectory = TempDirectory.Create("history-bench");
HostProcess? host = null;
try
{
    var load = Stopwatch.StartNew();
    await using (var connection = new NpgsqlConnection(database.ConnectionString))
    {
        await connection.OpenAsync();
        async Task Exec(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync();
        }

        // Ids as the desk makes them would be v7; sequential ids from the row number keep the load fast and unique.
        const string uuid = "('00000000-0000-4000-8000-' || lpad(to_hex({0}), 12, '0'))::uuid";
        string Id(string expression) => string.Format(CultureInfo.InvariantCulture, uuid, expression);
        await Exec("""
                   DROP INDEX history.ix_timeline_entries_client_page; DROP INDEX history.ix_timeline_entries_organization_page;
                   DROP INDEX history.ix_timeline_entries_member_organization_page;
                   DROP INDEX history.ix_timeline_entries_ticket; DROP INDEX history.ix_card_changes_subject_page;
                   """);
        await Exec($"""
                    INSERT INTO history.names (id, kind, name, name_at, organization_id, deleted)
                    SELECT {Id("c")}, 'client', 'Client ' || c, now(), CASE WHEN c % 10 = 0 THEN '{organization}'::uuid END, false
                    FROM generate_series(1, {clients}) c;
                    INSERT INTO history.names (id, kind, name, name_at, organization_id, deleted)
                    VALUES ('{target}', 'client', 'Jan Kowalski', now(), '{organization}', false);
                    INSERT INTO history.names (id, kind, name, name_at, deleted)
                    SELECT ('00000000-0000-4000-a000-' || lpad(to_hex(a), 12, '0'))::uuid, 'agent', 'Agent ' || a, now(), false
                    FROM generate_series(1, 50) a;
                    """);
        // Everyone else's entries, one second apart over the last ~2 months, then the target client's 10,000 spread
        // over the same period (so its entries interleave with everyone's in time).
        await Exec($"""
                    INSERT INTO history.timeline_entries (id, client_id, original_client_id, organization_id, member_organization_id,
                        at, kind, channel_id, channel_type, ticket_id, ticket_number, subject, excerpt, direction, author_party,
                        author_name, recipient_party, recipient_name, agent_id, redacted)
                    SELECT {Id("g + 1000000000")}, {Id("(g % " + clients + ") + 1")}, {Id("(g % " + clients + ") + 1")},
                        CASE WHEN g % 10 = 0 THEN '{organization}'::uuid END,
                        CASE WHEN ((g % {clients}) + 1) % 10 = 0 THEN '{organization}'::uuid END,
                        now() - g * interval '1 second',
                        CASE WHEN g % 7 = 0 THEN 'note' WHEN g % 11 = 0 THEN 'statusChanged' ELSE 'message' END,
                        '00000000-0000-4000-b000-000000000001', CASE WHEN g % 3 = 0 THEN 'telegram' ELSE 'email' END,
                        {Id("g / 5 + 2000000000")}, g / 5, 'Subject of ticket ' || (g / 5),
                        repeat('Lorem ipsum dolor sit amet ', 8), CASE WHEN g % 2 = 0 THEN 'in' ELSE 'out' END,
                        CASE WHEN g % 2 = 0 THEN 'client' ELSE 'agent' END, 'Written name', CASE WHEN g % 2 = 0 THEN 'other' ELSE 'client' END,
                        'Support', ('00000000-0000-4000-a000-' || lpad(to_hex(g % 50 + 1), 12, '0'))::uuid, false
                    FROM generate_series(1, {totalEntries - targetEntries}) g;
                    """);
        await Exec($"""
                    INSERT INTO history.timeline_entries (id, client_id, original_client_id, organization_id, member_organization_id,
                        at, kind, channel_id, channel_type, ticket_id, ticket_number, subject, excerpt, direction, author_party,
                        author_name, recipient_party, recipient_name, agent_id, redacted)
                    SELECT {Id("g + 3000000000")}, '{target}', '{target}', '{organization}'::uuid, '{organization}'::uuid,
                        now() - (g * {totalEntries / targetEntries}) * interval '1 second',
                        CASE WHEN g % 7 = 0 THEN 'note' ELSE 'message' END, '00000000-0000-4000-b000-000000000001',
                        CASE WHEN g % 3 = 0 THEN 'telegram' ELSE 'email' END, {Id("g / 5 + 4000000000")}, g / 5, 'Jan ticket ' || (g / 5),
                        repeat('Lorem ipsum dolor sit amet ', 8), CASE WHEN g % 2 = 0 THEN 'in' ELSE 'out' END,
                        CASE WHEN g % 2 = 0 THEN 'client' ELSE 'agent' END, 'Jan', CASE WHEN g % 2 = 0 THEN 'other' ELSE 'client' END,
                        'Support', ('00000000-0000-4000-a000-' || lpad(to_hex(g % 50 + 1), 12, '0'))::uuid, false
                    FROM generate_series(1, {targetEntries}) g;
                    """);
        const string beforeAfter = "'{\"phone\":\"+48 600 100 200\"}', '{\"phone\":\"+48 600 100 300\"}'";
        await Exec($"""
                    INSERT INTO history.card_changes (id, subject_kind, subject_id, at, kind, actor_kind, actor_id, actor_name, summary, before, after)
                    SELECT {Id("g + 5000000000")}, 'client', {Id("(g % " + clients + ") + 1")}, now() - g * interval '1 second', 'fieldChanged',
                        'agent', ('00000000-0000-4000-a000-' || lpad(to_hex(g % 50 + 1), 12, '0'))::uuid, 'Agent',
                        'Phone changed', {beforeAfter}
                    FROM generate_series(1, {totalChanges - targetEntries}) g;
                    INSERT INTO history.card_changes (id, subject_kind, subject_id, at, kind, actor_kind, actor_id, actor_name, summary, before, after)
                    SELECT {Id("g + 6000000000")}, 'client', '{target}', now() - (g * {totalChanges / targetEntries}) * interval '1 second',
                        'fieldChanged', 'agent', ('00000000-0000-4000-a000-' || lpad(to_hex(g % 50 + 1), 12, '0'))::uuid, 'Agent',
                        'Phone changed', {beforeAfter}
                    FROM generate_series(1, {targetEntries}) g;
                    """);
        Console.WriteLine($"loaded {totalEntries:N0} entries and {totalChanges:N0} changes in {load.Elapsed.TotalSeconds:F0} s; indexing");
        // The indexes exactly as the migration defines them.
        await Exec("""
                   CREATE INDEX ix_timeline_entries_client_page ON history.timeline_entries (client_id, at DESC, id DESC);
                   CREATE INDEX ix_timeline_entries_organization_page ON history.timeline_entries (organization_id, at DESC, id DESC) WHERE organization_id IS NOT NULL;
                   CREATE INDEX ix_timeline_entries_member_organization_page ON history.timeline_entries (member_organization_id, at DESC, id DESC) WHERE member_organization_id IS NOT NULL;
                   CREATE INDEX ix_timeline_entries_ticket ON history.timeline_entries (ticket_id) WHERE ticket_id IS NOT NULL;
                   CREATE INDEX ix_card_changes_subject_page ON history.card_changes (subject_id, at DESC, id DESC);
                   ANALYZE history.timeline_entries; ANALYZE history.card_changes; ANALYZE history.names;
                   """);
        Console.WriteLine($"ready after {load.Elapsed.TotalSeconds:F0} s");
    }

    // The statements the endpoints run (TimelineQuery, ChangeEndpoints), measured without HTTP, and their plans.
    const string columns = """
        SELECT e.id, e.at, e.kind, e.channel_type, e.channel_id, e.ticket_id, e.ticket_number, e.subject, e.excerpt, e.direction,
            CASE e.author_party WHEN 'client' THEN coalesce(c.name, e.author_name) WHEN 'agent' THEN coalesce(a.name, e.author_name) ELSE e.author_name END,
            CASE e.recipient_party WHEN 'client' THEN coalesce(c.name, e.recipient_name) WHEN 'agent' THEN coalesce(a.name, e.recipient_name) ELSE e.recipient_name END,
            e.client_id, e.original_client_id, e.organization_id, e.rating, e.delivery_status, e.delivery_reason, e.redacted
        """;
    const string joins = "LEFT JOIN history.names c ON c.id = e.client_id LEFT JOIN history.names a ON a.id = e.agent_id ORDER BY e.at DESC, e.id DESC LIMIT 26";
    static string Range(string column) =>
        $"SELECT e.* FROM history.timeline_entries e WHERE e.{column} = $1 ORDER BY e.at DESC, e.id DESC LIMIT 26";
    var timelineSql = $"{columns} FROM ({Range("client_id")}) e {joins}";
    var organizationSql = $"{columns} FROM (({Range("organization_id")}) UNION ({Range("member_organization_id")})) e {joins}";
    const string changesSql = """
        SELECT c.id, c.at, c.kind, c.actor_kind, c.actor_id, CASE WHEN c.actor_kind = 'agent' THEN coalesce(n.name, c.actor_name) ELSE c.actor_name END, c.summary
        FROM history.card_changes c LEFT JOIN history.names n ON n.id = c.actor_id
        WHERE c.subject_id = $1 AND c.subject_kind = 'client' ORDER BY c.at DESC, c.id DESC LIMIT 26
        """;
    await using (var connection = new NpgsqlConnection(database.ConnectionString))
    {
        await connection.OpenAsync();
        foreach (var (what, statement, key) in new[]
                 {
                     ("client timeline first page", timelineSql, target), ("change history first page", changesSql, target),
                     ("organization timeline first page", organizationSql, organization),
                 })
        {
            await using (var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + statement, connection))
            {
                explain.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = key });
                await using var reader = await explain.ExecuteReaderAsync();
                Console.WriteLine($"plan of the {what}:");
                while (await reader.ReadAsync())
                {
                    Console.WriteLine("    " + reader.GetString(0));
                }
            }

            var sqlTimes = new double[requests];
            for (var i = -30; i < requests; i++)
            {
                var watch = Stopwatch.StartNew();
                await using var command = new NpgsqlCommand(statement, connection);
                command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = key });
                await using (var reader = await command.ExecuteReaderAsync())
                {
                    while (await reader.ReadAsync())
                    {
                    }
                }

                if (i >= 0)
                {
                    sqlTimes[i] = watch.Elapsed.TotalMilliseconds;
                }
            }

            Array.Sort(sqlTimes);
            Report($"SQL only: {what}", sqlTimes);
        }
    }

    // The real host as its own process on this database: Kestrel on loopback, the full middleware pipeline.
    host = HostProcess.Start(new Dictionary<string, string?>
    {
        ["ConnectionStrings__ModularDesk"] = database.ConnectionString,
        ["MODULARDESK_DATA_DIR"] = dataDirectory,
        ["Plugins__Directory"] = Path.Combine(dataDirectory, "plugins"),
        ["MODULARDESK_ADMIN_EMAIL"] = "admin@localhost",
        ["MODULARDESK_ADMIN_PASSWORD"] = adminPassword,
    });
    await host.WaitUntilReadyAsync(TimeSpan.FromMinutes(3));
    using var agent = host.CreateClient();
    using (var login = await agent.PostAsJsonAsync("/api/v1/auth/login", new { email = "admin@localhost", password = adminPassword }))
    {
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        agent.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    Console.WriteLine($"HTTP against the host process at {host.Address}");
    var timeline = $"/api/v1/clients/{target}/timeline";
    var deep = timeline + "?limit=25";
    for (var i = 0; i < 100; i++)
    {
        (_, var next) = await PageAsync(agent, deep);
        deep = $"{timeline}?limit=25&cursor={next}";
    }

    // Interleaved (one request to each URL in turn), so a load spike from other processes on the machine hits every
    // measured route alike instead of whichever happened to be measured at that moment.
    var routes = new (string What, string Url)[]
    {
        ("client timeline, first page (25)", timeline),
        ("client change history, first page (25)", $"/api/v1/clients/{target}/changes"),
        ("client timeline, page 101 by cursor", deep),
        ("client timeline, kind=note, first page", timeline + "?kind=note"),
        ("client timeline, channel=telegram, first page", timeline + "?channel=telegram"),
        ("organization timeline, first page (25)", $"/api/v1/organizations/{organization}/timeline"),
        ("GET /api/v1/agents?limit=1 (auth + trivial query, for scale)", "/api/v1/agents?limit=1"),
    };
    var measured = await MeasureInterleavedAsync(agent, routes.Select(r => r.Url).ToArray(), requests);
    for (var i = 0; i < routes.Length; i++)
    {
        Report(routes[i].What, measured[i]);
    }
}
finally
{
    if (host is not null)
    {
        await host.DisposeAsync();
    }

    await database.DisposeAsync();
    TempDirectory.TryDelete(dataDirectory);
}

static async Task<(JsonElement Items, string? Next)> PageAsync(HttpClient client, string url)
{
    var body = await client.GetFromJsonAsync<JsonElement>(url);
    var next = body.GetProperty("nextCursor");
    return (body.GetProperty("items"), next.ValueKind == JsonValueKind.Null ? null : next.GetString());
}

static async Task<double[][]> MeasureInterleavedAsync(HttpClient client, string[] urls, int count)
{
    for (var i = 0; i < 30; i++)
    {
        foreach (var url in urls)
        {
            using var warm = await client.GetAsync(url);
            warm.EnsureSuccessStatusCode();
        }
    }

    var times = urls.Select(_ => new double[count]).ToArray();
    for (var i = 0; i < count; i++)
    {
        for (var u = 0; u < urls.Length; u++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await client.GetAsync(urls[u]);
            _ = await response.Content.ReadAsByteArrayAsync();
            times[u][i] = watch.Elapsed.TotalMilliseconds;
            response.EnsureSuccessStatusCode();
        }
    }

    foreach (var sorted in times)
    {
        Array.Sort(sorted);
    }

    return times;
}

static void Report(string what, double[] sorted)
{
    double At(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    Console.WriteLine(FormattableString.Invariant(
        $"{what,-55} p50 {At(0.50),6:F2} ms  p95 {At(0.95),6:F2} ms  p99 {At(0.99),6:F2} ms  (n={sorted.Length})  load {LoadAverage()}"));
}

static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
