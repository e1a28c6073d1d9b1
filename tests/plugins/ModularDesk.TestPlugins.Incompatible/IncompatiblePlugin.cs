using ModularDesk.Plugins.Sdk;

namespace ModularDesk.TestPlugins.Incompatible;

/// <summary>Would work, but its manifest says it needs SDK 2.0.0, so the host must not even load its code.</summary>
public sealed class IncompatiblePlugin : IChannelPlugin
{
    /// <summary>Proves the host never ran this assembly's code: creating it fails loudly.</summary>
    public IncompatiblePlugin() => throw new InvalidOperationException("An incompatible plugin must not be instantiated.");

    /// <inheritdoc />
    public IChannelConnector CreateConnector(IChannelContext context) => throw new NotSupportedException();
}
