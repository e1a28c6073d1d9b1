using ModularDesk.Channels.Contracts.Outbound;

namespace ModularDesk.Channels.Outbound;

/// <summary>
/// The messaging rules of channel types, by plugin id: Meta's 24-hour customer-service window (free text only
/// within 24 h of the client's last message; after that WhatsApp allows approved templates, Facebook and
/// Instagram nothing), and which channel types can reach which kind of address.
/// </summary>
internal static class ChannelRules
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    private static readonly HashSet<string> WindowedPluginIds = new(StringComparer.Ordinal) { "whatsapp", "facebook", "instagram" };

    /// <summary>Whether free text needs an open 24-hour window on this channel type.</summary>
    public static bool HasWindow(string pluginId) => WindowedPluginIds.Contains(pluginId);

    /// <summary>Whether a template may be sent when the window is closed (WhatsApp only).</summary>
    public static bool TemplatesOutsideWindow(string pluginId) => pluginId == "whatsapp";

    /// <summary>
    /// Whether a channel of this plugin can carry a message to this address: email → <c>email</c>; phone →
    /// <c>whatsapp</c>; messenger <c>x</c> → plugin <c>x</c> (telegram, whatsapp, facebook, instagram, …);
    /// externalId → <c>webwidget</c>.
    /// </summary>
    public static bool CanReach(string pluginId, OutboundRecipient recipient) =>
        recipient.Kind.Trim().ToLowerInvariant() switch
        {
            "email" => pluginId == "email",
            "phone" => pluginId == "whatsapp",
            "messenger" => string.Equals(pluginId, recipient.Messenger?.Trim(), StringComparison.OrdinalIgnoreCase),
            "externalid" => pluginId == "webwidget",
            _ => false,
        };
}
