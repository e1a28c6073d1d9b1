using System.Diagnostics;
using System.Globalization;
using ModularDesk.Plugins.Email.Tests.Support;

// Email connector throughput in a real host (in memory, real PostgreSQL, real Dovecot):
//  1. a folder of N messages (default 10,000) is filled over IMAP, then an email channel is created for it and the
//     time until all N are in the channel's inbox is measured (ingest rate);
//  2. with the connector idling, single messages are APPENDed and the time until each is in the inbox is measured.
var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var probes = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;

var host = new EmailHostFixture();
await host.InitializeAsync();
try
{
    Console.WriteLine($"Filling a folder with {count} messages over IMAP…");
    var fill = Stopwatch.StartNew();
    const int chunk = 500;
    for (var i = 0; i < count; i += chunk)
    {
        var messages = Enumerable.Range(i, Math.Min(chunk, count - i))
            .Select(n => Mail.Text($"bench-{n}@acme.example", $"Question {n}", $"Hello, this is message {n}.\n\nOn Mon, 23 Nov 2026 at 09:00, Support <s@example.test> wrote:\n> earlier text", from: $"Client {n % 500} <client{n % 500}@acme.example>"))
            .ToArray();
        await host.Dovecot.AppendAsync("Bench", messages);
    }

    Console.WriteLine($"  filled in {fill.Elapsed.TotalSeconds:F1} s");

    using var admin = await host.CreateAdminClientAsync();
    var ingest = Stopwatch.StartNew();
    var channel = await host.CreateChannelAsync(admin, "Bench");
    long stored = 0;
    while (stored < count)
    {
        await Task.Delay(100);
        stored = await host.Database.ScalarAsync<long>("SELECT count(*) FROM channels.inbox_messages WHERE channel_id = @c", ("c", channel));
    }

    ingest.Stop();
    Console.WriteLine($"Ingest: {count} messages in {ingest.Elapsed.TotalSeconds:F1} s = {count / ingest.Elapsed.TotalSeconds:F0} messages/s");

    var latencies = new List<double>();
    for (var i = 0; i < probes; i++)
    {
        var id = $"latency-{i}-{Guid.NewGuid():N}@acme.example";
        var raw = Mail.Text(id, "Latency probe", "Are you there?");
        await Task.Delay(300); // let the connector return to IDLE
        var watch = Stopwatch.StartNew();
        await host.Dovecot.AppendAsync("Bench", raw);
        while (await host.Database.ScalarAsync<long>(
                   "SELECT count(*) FROM channels.inbox_messages WHERE channel_id = @c AND external_message_id = @e", ("c", channel), ("e", id)) == 0)
        {
            await Task.Delay(5);
        }

        latencies.Add(watch.Elapsed.TotalMilliseconds);
    }

    latencies.Sort();
    Console.WriteLine(
        $"APPEND → inbox under IDLE ({probes} probes): median {latencies[latencies.Count / 2]:F0} ms, " +
        $"p95 {latencies[(int)Math.Ceiling(latencies.Count * 0.95) - 1]:F0} ms, max {latencies[^1]:F0} ms");
}
finally
{
    await host.DisposeAsync();
}
