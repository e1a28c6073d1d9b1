using ModularDesk.Plugins.Sdk;

namespace ModularDesk.TestPlugins.Working;

/// <summary>A connector for tests that exercises every host service without talking to a real service.</summary>
public sealed class WorkingPlugin : IChannelPlugin
{
    /// <inheritdoc />
    public IChannelConnector CreateConnector(IChannelContext context) => new FolderConnector(context);
}
