using ModularDesk.BuildingBlocks.Modules;

namespace ModularDesk.Channels.Plugins;

/// <summary>Loads the plugins while the host starts, so their status is in the start-up log and the first request does not pay for it.</summary>
internal sealed class PluginCatalogWarmUp(PluginCatalog catalog) : IStartupTask
{
    public Task RunAsync(CancellationToken cancellationToken)
    {
        _ = catalog.All;
        return Task.CompletedTask;
    }
}
