using ModularDesk.BuildingBlocks.Modules;
using ModularDesk.BuildingBlocks.Persistence;

namespace ModularDesk.Host.Composition;

/// <summary>
/// Runs every module's migrations, then their start-up tasks, before any other hosted service
/// starts (the web server, Hangfire, the outbox), so nothing touches a table that is not there yet.
/// </summary>
internal sealed class ModuleStartup(ModuleMigrator migrator, IEnumerable<IStartupTask> startupTasks, DatabaseReadiness readiness) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(cancellationToken);
        foreach (var task in startupTasks.OrderBy(t => t.Order))
        {
            await task.RunAsync(cancellationToken);
        }

        readiness.MarkMigrated();
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
