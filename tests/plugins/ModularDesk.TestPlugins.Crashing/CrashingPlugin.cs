using ModularDesk.Plugins.Sdk;

namespace ModularDesk.TestPlugins.Crashing;

/// <summary>A plugin whose receive loop throws on every run, to prove the host restarts it with back-off.</summary>
public sealed class CrashingPlugin : IChannelPlugin
{
    /// <inheritdoc />
    public IChannelConnector CreateConnector(IChannelContext context) => new CrashingConnector(context);
}
