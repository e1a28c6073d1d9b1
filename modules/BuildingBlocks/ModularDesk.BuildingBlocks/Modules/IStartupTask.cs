namespace ModularDesk.BuildingBlocks.Modules;

/// <summary>
/// Work a module needs done once per process start, after every module's migrations ran
/// (seed the first admin, register recurring jobs). Must be safe when several hosts start at once.
/// </summary>
public interface IStartupTask
{
    /// <summary>Lower runs first. Agents (who may act) before the rest.</summary>
    int Order => 0;

    Task RunAsync(CancellationToken cancellationToken);
}
