using System.Net;
using System.Net.Sockets;
using ModularDesk.Clients.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Clients.Tests.Avatars;

/// <summary>A host whose Gravatar base is a local server that knows one avatar and answers 404 for the rest.</summary>
public sealed class GravatarFixture : HostFixture
{
    private readonly HttpListener listener = new();

    public GravatarFixture()
    {
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        _ = ServeAsync();
        Set("Clients:GravatarBaseUrl", $"http://127.0.0.1:{port}/avatar/");
    }

    /// <summary>Addresses whose avatar exists (by SHA-256 hash in the path).</summary>
    public HashSet<string> Known { get; } = [];

    public override async Task DisposeAsync()
    {
        listener.Stop();
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

            var hash = context.Request.Url!.AbsolutePath.Split('/').Last();
            context.Response.StatusCode = Known.Contains(hash) ? 200 : 404;
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}

/// <summary>C6: a Gravatar URL is stored at once; the background check clears it only on a definite 404.</summary>
public sealed class AvatarTests(GravatarFixture host) : IClassFixture<GravatarFixture>
{
    [Fact]
    public async Task An_email_without_a_gravatar_loses_the_url_and_one_with_a_gravatar_keeps_it()
    {
        using var agent = await host.CreateAgentClientAsync();
        var withAvatar = Support.Clients.NewEmail("has.avatar");
        host.Known.Add(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(withAvatar))));

        var missing = await Support.Clients.CreateAsync(agent, new { emails = new[] { new { address = Support.Clients.NewEmail("no.avatar") } } });
        var present = await Support.Clients.CreateAsync(agent, new { emails = new[] { new { address = withAvatar } } });
        Assert.NotNull(missing.GetProperty("avatarUrl").GetString());

        await Eventually.TrueAsync(
            async () => (await Support.Clients.GetAsync(agent, missing.GetProperty("id").GetGuid())).GetProperty("avatarUrl").ValueKind == System.Text.Json.JsonValueKind.Null,
            TimeSpan.FromSeconds(60),
            "the avatar check to clear a Gravatar URL that answers 404");
        Assert.Equal(present.GetProperty("avatarUrl").GetString(), (await Support.Clients.GetAsync(agent, present.GetProperty("id").GetGuid())).GetProperty("avatarUrl").GetString());
    }

    [Fact]
    public async Task An_avatar_set_by_an_agent_is_never_replaced_by_a_gravatar()
    {
        using var agent = await host.CreateAgentClientAsync();

        var card = await Support.Clients.CreateAsync(agent, new { avatarUrl = "https://cdn.example.test/jan.png", emails = new[] { new { address = Support.Clients.NewEmail() } } });

        Assert.Equal("https://cdn.example.test/jan.png", card.GetProperty("avatarUrl").GetString());
        Assert.Equal("agent", card.GetProperty("provenance").GetProperty("avatarUrl").GetProperty("source").GetString());
    }
}

/// <summary>A host whose Gravatar base points at a port nothing listens on: no network.</summary>
public sealed class NoNetworkFixture : HostFixture
{
    public NoNetworkFixture() => Set("Clients:GravatarBaseUrl", "http://127.0.0.1:9/avatar/");
}

public sealed class AvatarWithoutNetworkTests(NoNetworkFixture host) : IClassFixture<NoNetworkFixture>
{
    [Fact]
    public async Task Without_network_the_gravatar_url_stays_and_the_job_does_not_fail()
    {
        using var agent = await host.CreateAgentClientAsync();
        var card = await Support.Clients.CreateAsync(agent, new { emails = new[] { new { address = Support.Clients.NewEmail() } } });
        var url = card.GetProperty("avatarUrl").GetString();

        // The job has run (and failed to connect) once Hangfire reports no processing or failed jobs left.
        await Eventually.TrueAsync(() => Task.FromResult(HangfireIdle()), TimeSpan.FromSeconds(60), "the avatar check to finish");

        Assert.Equal(url, (await Support.Clients.GetAsync(agent, card.GetProperty("id").GetGuid())).GetProperty("avatarUrl").GetString());
    }

    private bool HangfireIdle()
    {
        var storage = (Hangfire.JobStorage)host.Factory.Services.GetService(typeof(Hangfire.JobStorage))!;
        var monitor = storage.GetMonitoringApi();
        var stats = monitor.GetStatistics();
        return stats.Succeeded > 0 && stats.Enqueued == 0 && stats.Processing == 0 && stats.Failed == 0;
    }
}
