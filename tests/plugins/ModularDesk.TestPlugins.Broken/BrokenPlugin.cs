using ModularDesk.Plugins.Sdk;

namespace ModularDesk.TestPlugins.Broken;

/// <summary>Throws while the host creates it, as a plugin with a bad static setup would.</summary>
public sealed class BrokenPlugin : IChannelPlugin
{
    /// <summary>Always throws.</summary>
    public BrokenPlugin() => throw new InvalidOperationException("The broken test plugin refuses to start.");

    /// <inheritdoc />
    public IChannelConnector CreateConnector(IChannelContext context) => throw new NotSupportedException();
}
