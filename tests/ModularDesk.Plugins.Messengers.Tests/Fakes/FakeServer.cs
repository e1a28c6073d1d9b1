using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace ModularDesk.Plugins.Messengers.Tests.Fakes;

/// <summary>
/// A small Kestrel server on 127.0.0.1 that keeps its port across <see cref="StopAsync"/>/<see cref="StartAsync"/>,
/// so a test can take a service down and bring it back while its state (queued updates, stored media) survives.
/// </summary>
public abstract class FakeServer : IAsyncDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private WebApplication? app;

    protected FakeServer()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public bool IsRunning => app is not null;

    public async Task StartAsync()
    {
        await gate.WaitAsync();
        try
        {
            if (app is not null)
            {
                return;
            }

            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, Port));
            var created = builder.Build();
            Map(created);
            await created.StartAsync();
            app = created;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Stops listening (connections are refused) and ends long polls in flight, as an outage would.</summary>
    public async Task StopAsync()
    {
        await gate.WaitAsync();
        try
        {
            if (app is null)
            {
                return;
            }

            OnStopping();
            using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
            {
                await app.StopAsync(timeout.Token);
            }

            await app.DisposeAsync();
            app = null;
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        GC.SuppressFinalize(this);
    }

    protected abstract void Map(WebApplication app);

    protected virtual void OnStopping()
    {
    }
}
