using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModularDesk.Organizations.Contracts.Routing;
using ModularDesk.Testing;

// Routing latency at a steady arrival rate (default 200 tickets/s for 20 s) on the real host and PostgreSQL:
// the desk has 20 desk-wide rules that do not match, an organization rule that tags, and a desk-wide round-robin
// over a team of 5 — so each ticket pays the rule cache check, the matching, the team lookup and the cursor upsert.
// Arrivals are open-loop (scheduled every 1/rate s whether or not earlier ones finished); latency is measured from
// the scheduled arrival to the decision, so queueing under load counts.
//
// With "e2e" as the first argument it measures what an agent sees instead: messages arrive through POST /api/v1/inbound
// at the rate (400 clients the desk knows, each mail a new subject, so each makes a ticket); ingestion files and routes
// the tickets in one transaction. It prints creation -> assigned and visible per ticket, the router's time inside each
// ingestion transaction, and accept -> processed with these rules and then the same run without any rule (see EndToEnd).
var endToEnd = args.Length > 0 && args[0] == "e2e";
args = endToEnd ? args[1..] : args;
var rate = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;

var host = new HostFixture();
await host.InitializeAsync();
try
{
    using var admin = await host.CreateAdminClientAsync();
    var agents = new List<Guid>();
    for (var i = 0; i < 5; i++)
    {
        agents.Add(await PostAsync(admin, "/api/v1/agents", new { name = $"Agent {i}", email = $"bench{i}@example.test", password = HostFixture.AgentPassword, role = "agent" }));
    }

    var team = await PostAsync(admin, "/api/v1/teams", new { name = "Support", memberIds = agents });
    var organization = await PostAsync(admin, "/api/v1/organizations", new { name = "Acme", domains = new[] { "acme.test" } });
    async Task CreateRulesAsync()
    {
        for (var i = 0; i < 20; i++)
        {
            await PostAsync(admin, "/api/v1/routing-rules", new
            {
                name = $"Unmatched {i}", order = i,
                conditions = new object[] { new { field = "subject", op = "contains", value = $"never-{i}" }, new { field = "isVip", op = "eq", value = true } },
                actions = new[] { new { type = "setPriority", value = "high" } },
            });
        }

        await PostAsync(admin, "/api/v1/routing-rules", new
        {
            name = "Acme tag", order = 1, organizationId = organization,
            conditions = new[] { new { field = "language", op = "in", value = new[] { "en", "pl" } } },
            actions = new[] { new { type = "addTag", value = "acme" } },
        });
        await PostAsync(admin, "/api/v1/routing-rules", new
        {
            name = "Share", order = 100, stopProcessing = true,
            actions = new[] { new { type = "roundRobin", value = team.ToString() } },
        });
    }

    await CreateRulesAsync();

    if (endToEnd)
    {
        await EndToEnd.RunAsync(host, admin, rate, seconds, CreateRulesAsync);
        return;
    }

    var services = host.Factory.Services;
    async Task<double> RouteOnceAsync(long scheduledTicks)
    {
        await using var scope = services.CreateAsyncScope();
        var router = scope.ServiceProvider.GetRequiredService<ITicketRouter>();
        var decision = await router.RouteAsync(new TicketRoutingFacts(
            Guid.CreateVersion7(), organization, Guid.CreateVersion7(), "email", false, "en", "Order is late", "Where is it?", null, DateTimeOffset.UtcNow));
        if (decision.AssigneeAgentId is null)
        {
            throw new InvalidOperationException("Routing assigned nobody: " + string.Join("; ", decision.Problems));
        }

        return Stopwatch.GetElapsedTime(scheduledTicks).TotalMilliseconds;
    }

    // Warm-up: JIT, connection pool, rule cache.
    await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => RouteOnceAsync(Stopwatch.GetTimestamp())));

    // Unloaded cost of one routing, one at a time.
    var sequential = new List<double>();
    for (var i = 0; i < 200; i++)
    {
        sequential.Add(await RouteOnceAsync(Stopwatch.GetTimestamp()));
    }

    sequential.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"one at a time: p50 {sequential[99]:F2} ms  p95 {sequential[189]:F2} ms"));

    var total = rate * seconds;
    var interval = TimeSpan.FromSeconds(1.0 / rate);
    var start = Stopwatch.GetTimestamp();
    var runs = new List<Task<double>>(total);
    for (var i = 0; i < total; i++)
    {
        var due = start + (long)(i * interval.TotalSeconds * Stopwatch.Frequency);
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
        if (wait > TimeSpan.FromMilliseconds(1))
        {
            await Task.Delay(wait);
        }

        runs.Add(Task.Run(() => RouteOnceAsync(due)));
    }

    var latencies = (await Task.WhenAll(runs)).Order().ToArray();
    var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
    double Percentile(double p) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"routed {latencies.Length} tickets in {elapsed:F1} s ({latencies.Length / elapsed:F0}/s, target {rate}/s)"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"latency ms: p50 {Percentile(0.50):F1}  p95 {Percentile(0.95):F1}  p99 {Percentile(0.99):F1}  max {latencies[^1]:F1}"));
    Console.WriteLine(Percentile(0.95) <= 50 ? "p95 within the 50 ms budget" : "p95 OVER the 50 ms budget");
}
finally
{
    await host.DisposeAsync();
}

static async Task<Guid> PostAsync(HttpClient client, string url, object body)
{
    using var response = await client.PostAsJsonAsync(url, body);
    var text = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"POST {url}: {(int)response.StatusCode} {text}");
    }

    return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
}
