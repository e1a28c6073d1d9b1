using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ModularDesk.Channels.Contracts;
using ModularDesk.Testing;
using Xunit.Abstractions;

namespace ModularDesk.Tickets.Tests.Faults;

/// <summary>
/// T2's promise with the host as a real process: 5,000 inbound messages, SIGKILL while ingestion is half-way, a
/// restart, and every accepted message is filed exactly once (one receipt, one message, conversations still one
/// ticket each, one card per sender).
/// </summary>
public sealed class IngestionCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Messages = 5_000;
    private const int Senders = 500;
    private const string Password = "Crash-Test-Admin-Password-1";

    private readonly string dataDirectory = TempDirectory.Create("crash-data");
    private TestDatabase? database;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }

        TempDirectory.TryDelete(dataDirectory);
    }

    private HostProcess Start() => HostProcess.Start(new Dictionary<string, string?>
    {
        ["ConnectionStrings__ModularDesk"] = database!.ConnectionString,
        ["MODULARDESK_DATA_DIR"] = dataDirectory,
        ["MODULARDESK_ADMIN_EMAIL"] = "admin@localhost",
        ["MODULARDESK_ADMIN_PASSWORD"] = Password,
        // A killed worker's claims come back after the lease: keep it short so the test does not wait minutes.
        // One worker at a time here (one host), so a short lease cannot make two workers share a batch.
        ["Tickets__Ingestion__LeaseSeconds"] = "2",
    });

    private static async Task<HttpClient> AdminAsync(HostProcess host)
    {
        var client = host.CreateClient();
        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "admin@localhost", password = Password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static object Message(int i) => new
    {
        channelId = BuiltInChannels.ApiChannelId,
        externalMessageId = $"crash-{i}",
        from = new { kind = "messenger", value = $"crash-sender-{i % Senders}", messenger = "telegram", displayName = $"Sender {i % Senders}" },
        conversationId = $"chat-{i % Senders}",
        text = $"Message number {i}",
    };

    [Fact]
    public async Task Every_accepted_message_is_filed_exactly_once_across_a_SIGKILL()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        void Log(string what) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1}s {what}");
        var accepted = new ConcurrentDictionary<int, Guid>();
        var next = -1;

        async Task PostAllAsync(HttpClient admin, Func<bool> stop)
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, 8), async (_, _) =>
            {
                while (!stop())
                {
                    var i = Interlocked.Increment(ref next);
                    if (i >= Messages)
                    {
                        return;
                    }

                    try
                    {
                        using var response = await admin.PostAsJsonAsync("/api/v1/inbound", Message(i));
                        if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK)
                        {
                            accepted[i] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("inboxId").GetGuid();
                        }
                    }
                    catch (HttpRequestException)
                    {
                        // The host died under this request: not accepted, posted again after the restart.
                        return;
                    }
                }
            });
        }

        await using (var first = Start())
        {
            await first.WaitUntilReadyAsync(TimeSpan.FromMinutes(3));
            Log("first host ready");
            using var admin = await AdminAsync(first);
            var killed = false;
            var posting = PostAllAsync(admin, () => killed);

            // Kill once ingestion is under way (batches being filed) but far from done.
            await Eventually.TrueAsync(
                async () => await ProcessedAsync() >= 500 || posting.IsCompleted,
                TimeSpan.FromSeconds(180),
                "ingestion to be under way");
            await first.KillAsync();
            killed = true;
            await posting;
            Log($"killed; accepted {accepted.Count}");
        }

        var processedAtKill = await ProcessedAsync();
        Log($"processed at kill {processedAtKill}");
        Assert.InRange(processedAtKill, 1, Messages - 1);

        await using var second = Start();
        await second.WaitUntilReadyAsync(TimeSpan.FromMinutes(3));
        Log("second host ready");
        using (var admin = await AdminAsync(second))
        {
            // Whatever was not accepted before the crash is sent again (the same external ids: duplicates are ignored).
            next = -1;
            var missing = Enumerable.Range(0, Messages).Where(i => !accepted.ContainsKey(i)).ToList();
            await Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            {
                using var response = await admin.PostAsJsonAsync("/api/v1/inbound", Message(i));
                Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK);
                accepted[i] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("inboxId").GetGuid();
            });
        }

        Assert.Equal(Messages, accepted.Count);
        Log($"all accepted; processed {await ProcessedAsync()}");
        await Eventually.TrueAsync(async () => await ProcessedAsync() == Messages, TimeSpan.FromSeconds(180), "every message to be processed");
        Log("all processed");

        Assert.Equal(0L, await database!.ScalarAsync<long>("SELECT count(*) FROM channels.inbox_messages WHERE status <> 'processed'"));
        Assert.Equal((long)Messages, await database.ScalarAsync<long>("SELECT count(*) FROM tickets.inbox_receipts"));
        Assert.Equal((long)Messages, await database.ScalarAsync<long>("SELECT count(*) FROM tickets.messages"));
        Assert.Equal((long)Messages, await database.ScalarAsync<long>("SELECT count(DISTINCT inbox_id) FROM tickets.messages"));
        Assert.Equal(0L, await database.ScalarAsync<long>("""
            SELECT count(*) FROM tickets.messages m
            JOIN channels.inbox_messages i ON i.id = m.inbox_id
            WHERE i.ticket_id IS DISTINCT FROM m.ticket_id OR i.client_id IS DISTINCT FROM m.client_id
            """));
        // Each conversation is one ticket of one client, each sender one card.
        Assert.Equal((long)Senders, await database.ScalarAsync<long>("SELECT count(*) FROM tickets.tickets"));
        Assert.Equal((long)Senders, await database.ScalarAsync<long>("SELECT count(DISTINCT client_id) FROM tickets.tickets"));
        Assert.Equal((long)Senders, await database.ScalarAsync<long>("SELECT count(DISTINCT client_id) FROM channels.inbox_messages"));
    }

    private Task<long> ProcessedAsync() =>
        database!.ScalarAsync<long>("SELECT count(*) FROM channels.inbox_messages WHERE status = 'processed'");
}
