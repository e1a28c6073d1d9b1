using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ModularDesk.Channels.Contracts;
using ModularDesk.Clients.Contracts.Resolution;
using ModularDesk.Clients.Tests.Support;
using ModularDesk.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ModularDesk.Clients.Tests.Avatars;

/// <summary>
/// A host whose Gravatar base is a local server (started on demand, so a test can have it down first) that knows some
/// avatars and answers 404 for the rest; answers for gated hashes wait until the test releases them. The avatar sweep
/// is tuned to react in milliseconds.
/// </summary>
public class GravatarFixture : HostFixture
{
    private readonly HttpListener listener = new();
    private readonly object gate = new();

    public GravatarFixture()
    {
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        Set("Clients:GravatarBaseUrl", $"http://127.0.0.1:{port}/avatar/");
        Set("Clients:AvatarSweep:GatherMilliseconds", "20");
        Set("Clients:AvatarSweep:IdlePollMilliseconds", "500");
        Set("Clients:AvatarSweep:BackoffMilliseconds", "300");
        Set("Clients:AvatarSweep:MaxBackoffMilliseconds", "1000");
        Set("Clients:AvatarSweep:RequestTimeoutMilliseconds", "5000");
    }

    /// <summary>Addresses whose avatar exists (by SHA-256 hash in the path).</summary>
    public HashSet<string> Known { get; } = [];

    /// <summary>Hashes whose answer waits for <see cref="Release"/>.</summary>
    public Dictionary<string, TaskCompletionSource> Gated { get; } = [];

    /// <summary>Hashes asked about, in order.</summary>
    public List<string> Asked { get; } = [];

    public static string Hash(string email) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())));

    public virtual bool StartsUp => true;

    public void StartServer()
    {
        lock (gate)
        {
            if (!listener.IsListening)
            {
                listener.Start();
                _ = ServeAsync();
            }
        }
    }

    public TaskCompletionSource Gate(string hash)
    {
        lock (gate)
        {
            return Gated[hash] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public bool WasAsked(string hash)
    {
        lock (gate)
        {
            return Asked.Contains(hash);
        }
    }

    /// <summary>Pending checks of a card (0 once the sweep has its answer).</summary>
    public async Task<long> PendingChecksAsync(Guid clientId) =>
        await Database.ScalarAsync<long>("SELECT count(*) FROM clients.avatar_checks WHERE client_id = @id", ("id", clientId));

    public async Task<int> FailuresAsync(Guid clientId) =>
        await Database.ScalarAsync<int>("SELECT coalesce(max(failures), -1) FROM clients.avatar_checks WHERE client_id = @id", ("id", clientId));

    public override async Task InitializeAsync()
    {
        if (StartsUp)
        {
            StartServer();
        }

        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        if (listener.IsListening)
        {
            listener.Stop();
        }

        listener.Close();
        await base.DisposeAsync();
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = AnswerAsync(context);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var hash = context.Request.Url!.AbsolutePath.Split('/').Last();
        Task? wait;
        lock (gate)
        {
            Asked.Add(hash);
            wait = Gated.TryGetValue(hash, out var released) ? released.Task : null;
        }

        if (wait is not null)
        {
            await wait;
        }

        context.Response.StatusCode = Known.Contains(hash) ? 200 : 404;
        context.Response.Close();
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}

/// <summary>C6: a Gravatar URL is stored at once; the avatar sweep clears it only on a definite 404.</summary>
public sealed class AvatarTests(GravatarFixture host) : IClassFixture<GravatarFixture>
{
    [Fact]
    public async Task An_email_without_a_gravatar_loses_the_url_and_one_with_a_gravatar_keeps_it()
    {
        using var agent = await host.CreateAgentClientAsync();
        var withAvatar = Support.Clients.NewEmail("has.avatar");
        host.Known.Add(GravatarFixture.Hash(withAvatar));

        var missing = await Support.Clients.CreateAsync(agent, new { emails = new[] { new { address = Support.Clients.NewEmail("no.avatar") } } });
        var present = await Support.Clients.CreateAsync(agent, new { emails = new[] { new { address = withAvatar } } });
        Assert.NotNull(missing.GetProperty("avatarUrl").GetString());

        await Eventually.TrueAsync(
            async () => (await Support.Clients.GetAsync(agent, missing.GetProperty("id").GetGuid())).GetProperty("avatarUrl").ValueKind == JsonValueKind.Null,
            TimeSpan.FromSeconds(60),
            "the avatar sweep to clear a Gravatar URL that answers 404");
        await Eventually.TrueAsync(
            async () => await host.PendingChecksAsync(present.GetProperty("id").GetGuid()) == 0,
            TimeSpan.FromSeconds(60),
            "the avatar sweep to settle the card whose Gravatar exists");
        Assert.Equal(present.GetProperty("avatarUrl").GetString(), (await Support.Clients.GetAsync(agent, present.GetProperty("id").GetGuid())).GetProperty("avatarUrl").GetString());
    }

    [Fact]
    public async Task New_senders_of_an_ingested_batch_get_their_gravatar_checked_by_the_sweep()
    {
        using var agent = await host.CreateAgentClientAsync();
        var emails = Enumerable.Range(0, 12).Select(i => Support.Clients.NewEmail($"sweep{i}")).ToList();
        foreach (var email in emails.Where((_, i) => i % 3 == 0))
        {
            host.Known.Add(GravatarFixture.Hash(email));
        }

        IReadOnlyList<ResolvedSender> resolved;
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            resolved = await scope.ServiceProvider.GetRequiredService<IClientSenderResolver>().ResolveManyAsync(
                emails.Select(e => new InboundSender("email", e, BuiltInChannels.ApiChannelId, "email")).ToList());
        }

        await Eventually.TrueAsync(
            async () =>
            {
                foreach (var card in resolved)
                {
                    if (await host.PendingChecksAsync(card.ClientId) > 0)
                    {
                        return false;
                    }
                }

                return true;
            },
            TimeSpan.FromSeconds(60),
            "the avatar sweep to check every new card");
        for (var i = 0; i < emails.Count; i++)
        {
            var avatar = (await Support.Clients.GetAsync(agent, resolved[i].ClientId)).GetProperty("avatarUrl");
            if (i % 3 == 0)
            {
                Assert.EndsWith($"/avatar/{GravatarFixture.Hash(emails[i])}?d=404", avatar.GetString(), StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal(JsonValueKind.Null, avatar.ValueKind);
            }
        }
    }

    [Fact]
    public async Task An_avatar_an_agent_sets_while_the_check_is_in_flight_is_never_cleared()
    {
        using var agent = await host.CreateAgentClientAsync();
        var email = Support.Clients.NewEmail("manual");
        var hash = GravatarFixture.Hash(email);
        var release = host.Gate(hash);

        var card = await Support.Clients.CreateAsync(agent, new { emails = new[] { new { address = email } } });
        var id = card.GetProperty("id").GetGuid();
        await Eventually.TrueAsync(() => Task.FromResult(host.WasAsked(hash)), TimeSpan.FromSeconds(60), "the sweep to ask about the card");
        using (var patched = await agent.PatchJsonAsync($"/api/v1/clients/{id}", new { avatarUrl = "https://cdn.example.test/uploaded.png" }))
        {
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        }

        release.SetResult();
        await Eventually.TrueAsync(async () => await host.PendingChecksAsync(id) == 0, TimeSpan.FromSeconds(60), "the sweep to settle the 404");

        var after = await Support.Clients.GetAsync(agent, id);
        Assert.Equal("https://cdn.example.test/uploaded.png", after.GetProperty("avatarUrl").GetString());
        Assert.Equal("agent", after.GetProperty("provenance").GetProperty("avatarUrl").GetProperty("source").GetString());
    }

    [Fact]
    public async Task An_avatar_set_by_an_agent_is_never_replaced_by_a_gravatar()
    {
        using var agent = await host.CreateAgentClientAsync();

        var card = await Support.Clients.CreateAsync(agent, new { avatarUrl = "https://cdn.example.test/jan.png", emails = new[] { new { address = Support.Clients.NewEmail() } } });

        Assert.Equal("https://cdn.example.test/jan.png", card.GetProperty("avatarUrl").GetString());
        Assert.Equal("agent", card.GetProperty("provenance").GetProperty("avatarUrl").GetProperty("source").GetString());
        Assert.Equal(0, await host.PendingChecksAsync(card.GetProperty("id").GetGuid()));
    }
}

/// <summary>The same local Gravatar server, but down when the host starts.</summary>
public sealed class DownGravatarFixture : GravatarFixture
{
    public override bool StartsUp => false;
}

public sealed class AvatarWithoutNetworkTests(DownGravatarFixture host) : IClassFixture<DownGravatarFixture>
{
    [Fact]
    public async Task While_the_server_is_down_the_url_stays_and_the_check_waits_then_runs_when_it_is_back()
    {
        using var agent = await host.CreateAgentClientAsync();
        var card = await Support.Clients.CreateAsync(agent, new { emails = new[] { new { address = Support.Clients.NewEmail() } } });
        var id = card.GetProperty("id").GetGuid();
        var url = card.GetProperty("avatarUrl").GetString();

        // The sweep tried, could not connect, and backed off: the check waits, the URL stays.
        await Eventually.TrueAsync(async () => await host.FailuresAsync(id) >= 1, TimeSpan.FromSeconds(60), "the sweep to fail to reach the server");
        Assert.Equal(url, (await Support.Clients.GetAsync(agent, id)).GetProperty("avatarUrl").GetString());

        host.StartServer();

        await Eventually.TrueAsync(
            async () => (await Support.Clients.GetAsync(agent, id)).GetProperty("avatarUrl").ValueKind == JsonValueKind.Null,
            TimeSpan.FromSeconds(60),
            "the sweep to check the card once the server is back (404: no Gravatar)");
        Assert.Equal(0, await host.PendingChecksAsync(id));
    }
}
