using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using ModularDesk.Testing;
using Npgsql;

/// <summary>Creation → assignment latency of tickets made by ingestion at a steady arrival rate, read from the tickets' own rows.</summary>
internal static class EndToEnd
{
    private static readonly Guid ApiChannel = Guid.Parse("00000000-0000-0000-0000-000000000001");

    /// <summary>How many clients write during the run (each then opens rate·seconds/KnownClients tickets).</summary>
    private const int KnownClients = 400;

    public static async Task RunAsync(HostFixture host, HttpClient admin, int rate, int seconds)
    {
        var token = Guid.NewGuid().ToString("N")[..10];
        async Task PostAsync(string subject, int i)
        {
            // Clients the desk already knows (made in the warm-up), each mail a new subject without In-Reply-To, so each
            // opens a ticket: what a desk's day looks like, and the cost measured is the ticket's, not a new card's.
            using var response = await admin.PostAsJsonAsync("/api/v1/inbound", new
            {
                channelId = ApiChannel,
                externalMessageId = $"{subject}-{token}-{i}",
                from = new { kind = "email", value = $"client{i % KnownClients}-{token}@gmail.com", displayName = $"Client {i % KnownClients}" },
                subject = $"{subject} {token} #{i}",
                text = "Where is my parcel? It was due on Monday.",
            });
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"POST /api/v1/inbound: {(int)response.StatusCode}");
            }
        }

        // Warm-up outside the measured subjects: the clients' cards, JIT, pools, rule cache; then wait until it is routed.
        await Parallel.ForEachAsync(Enumerable.Range(0, KnownClients), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) => await PostAsync("Warm-up", i));
        await using (var warm = new NpgsqlConnection(host.Database.ConnectionString))
        {
            await warm.OpenAsync();
            await using var left = new NpgsqlCommand("SELECT count(*) FROM tickets.routing_queue", warm);
            var until = DateTime.UtcNow.AddMinutes(3);
            while ((long)(await left.ExecuteScalarAsync())! > 0 && DateTime.UtcNow < until)
            {
                await Task.Delay(250);
            }
        }

        var total = rate * seconds;
        var start0 = DateTime.UtcNow;
        var start = Stopwatch.GetTimestamp();
        var posts = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = start + (long)(i * (double)Stopwatch.Frequency / rate);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var n = i;
            posts.Add(Task.Run(() => PostAsync("Order", n)));
        }

        await Task.WhenAll(posts);
        var posted = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"posted {total} messages in {posted:F1} s ({total / posted:F0}/s, target {rate}/s)"));

        await using var connection = new NpgsqlConnection(host.Database.ConnectionString);
        await connection.OpenAsync();
        var pattern = $"Order {token} #%";
        var deadline = DateTime.UtcNow.AddMinutes(3);
        long routed;
        do
        {
            await Task.Delay(500);
            await using var count = new NpgsqlCommand(
                "SELECT count(*) FROM tickets.tickets WHERE subject LIKE @p AND assignee_agent_id IS NOT NULL", connection);
            count.Parameters.AddWithValue("p", pattern);
            routed = (long)(await count.ExecuteScalarAsync())!;
        }
        while (routed < total && DateTime.UtcNow < deadline);

        var latencies = new List<double>(total);
        await using (var read = new NpgsqlCommand(
            "SELECT extract(epoch FROM updated_at - created_at) * 1000 FROM tickets.tickets WHERE subject LIKE @p AND assignee_agent_id IS NOT NULL",
            connection))
        {
            read.Parameters.AddWithValue("p", pattern);
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                latencies.Add((double)reader.GetDecimal(0));
            }
        }

        await using (var spread = new NpgsqlCommand(
            """
            SELECT format('created %s .. %s, assigned %s .. %s',
                          to_char(min(created_at), 'HH24:MI:SS.MS'), to_char(max(created_at), 'HH24:MI:SS.MS'),
                          to_char(min(updated_at), 'HH24:MI:SS.MS'), to_char(max(updated_at), 'HH24:MI:SS.MS'))
            FROM tickets.tickets WHERE subject LIKE @p
            UNION ALL
            SELECT format('inbox received %s .. %s, processed %s .. %s',
                          to_char(min(received_at), 'HH24:MI:SS.MS'), to_char(max(received_at), 'HH24:MI:SS.MS'),
                          to_char(min(processed_at), 'HH24:MI:SS.MS'), to_char(max(processed_at), 'HH24:MI:SS.MS'))
            FROM channels.inbox_messages WHERE external_message_id LIKE @e
            """, connection))
        {
            spread.Parameters.AddWithValue("p", pattern);
            spread.Parameters.AddWithValue("e", $"Order-{token}-%");
            Console.WriteLine($"{start0:HH:mm:ss.fff} first post");
            await using var rows = await spread.ExecuteReaderAsync();
            while (await rows.ReadAsync())
            {
                Console.WriteLine("  " + rows.GetString(0));
            }
        }

        latencies.Sort();
        double Percentile(double p) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];
        Console.WriteLine($"routed {latencies.Count} of {total} tickets; load average {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"creation -> assignment ms: p50 {Percentile(0.50):F1}  p95 {Percentile(0.95):F1}  p99 {Percentile(0.99):F1}  max {latencies[^1]:F1}"));
        Console.WriteLine(Percentile(0.95) <= 50 ? "p95 within the 50 ms budget" : "p95 OVER the 50 ms budget");
    }
}
