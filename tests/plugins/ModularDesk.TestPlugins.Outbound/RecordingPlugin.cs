using ModularDesk.Plugins.Sdk;

namespace ModularDesk.TestPlugins.Outbound;

/// <summary>A connector for outbound tests: records what the host sends and answers as the test scripts it.</summary>
public sealed class RecordingPlugin : IChannelPlugin
{
    /// <inheritdoc />
    public IChannelConnector CreateConnector(IChannelContext context) => new RecordingConnector(context);
}
