using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Plugins.Telegram;

/// <summary>The plugin's entry type: one <see cref="TelegramConnector"/> per channel instance.</summary>
public sealed class TelegramPlugin : IChannelPlugin
{
    /// <inheritdoc />
    public IChannelConnector CreateConnector(IChannelContext context) => new TelegramConnector(context);
}
