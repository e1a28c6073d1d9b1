using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Plugins.WhatsApp;

/// <summary>The plugin's entry type: one <see cref="WhatsAppConnector"/> per channel instance.</summary>
public sealed class WhatsAppPlugin : IChannelPlugin
{
    /// <inheritdoc />
    public IChannelConnector CreateConnector(IChannelContext context) => new WhatsAppConnector(context);
}
