using System.Globalization;
using ModularDesk.Plugins.Sdk;

namespace ModularDesk.TestPlugins.Crashing;

/// <summary>Counts its runs in the checkpoint <c>attempts</c>, then throws.</summary>
public sealed class CrashingConnector(IChannelContext context) : IPullingConnector
{
    /// <inheritdoc />
    public Task<ConnectionTestResult> TestConnectionAsync(CancellationToken cancellationToken) =>
        Task.FromResult(ConnectionTestResult.Success("crashes only when running"));

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var attempts = int.Parse(await context.Checkpoints.GetAsync("attempts", cancellationToken) ?? "0", CultureInfo.InvariantCulture) + 1;
        await context.Checkpoints.SetAsync("attempts", attempts.ToString(CultureInfo.InvariantCulture), cancellationToken);
        throw new InvalidOperationException($"Crashed on purpose (run {attempts}).");
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
