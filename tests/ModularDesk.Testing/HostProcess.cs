using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ModularDesk.Testing;

/// <summary>
/// The host as a real OS process (Kestrel on a real port), as <c>tools/run.sh</c> starts it: for tests
/// of start-up, shutdown, crashes and the embedded database.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process process;

    private HostProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    public static HostProcess Start(IReadOnlyDictionary<string, string?> environment)
    {
        var port = FreePort();
        var assembly = HostAssemblyPath();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { assembly },
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The working directory is the host's content root, whose files it watches for configuration changes
            // (recursively): its own output folder, as when deployed. The temp directory, used before, made a watcher
            // thread wake for every build's and test cluster's file there (3-4 % of a core during benches).
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.Environment.Remove("ConnectionStrings__ModularDesk");
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the host.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new HostProcess(process, new Uri($"http://127.0.0.1:{port}"));
    }

    public HttpClient CreateClient() => new() { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };

    public async Task WaitUntilReadyAsync(TimeSpan? timeout = null)
    {
        using var client = CreateClient();
        await Eventually.TrueAsync(
            async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"The host exited with code {process.ExitCode} before it was ready.");
                }

                try
                {
                    return (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            timeout ?? TimeSpan.FromSeconds(90),
            "/health/ready");
    }

    /// <summary>Ctrl+C / docker stop: SIGTERM, then wait for a graceful exit.</summary>
    public async Task StopAsync()
    {
        if (process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>A crash: SIGKILL, nothing runs on the way out.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: false);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            await StopAsync();
        }

        process.Dispose();
    }

    /// <summary>The host's own build output, next to this test run's configuration (Debug or Release).</summary>
    private static string HostAssemblyPath()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release"
            : "Debug";
        var path = Path.Combine(RepositoryRoot.Path, "host", "ModularDesk.Host", "bin", configuration, "net10.0", "ModularDesk.Host.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the host first.", path);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
