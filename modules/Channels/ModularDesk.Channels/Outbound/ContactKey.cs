using System.Globalization;
using System.Text;

namespace ModularDesk.Channels.Outbound;

/// <summary>
/// One spelling per address, so the inbox (sender), the queue (recipient) and connectors' reports agree:
/// <c>email:</c> lower-cased, <c>phone:</c> digits only (a WhatsApp id is the phone's digits, so a
/// <c>messenger/whatsapp</c> id is the same key), <c>messenger:&lt;name&gt;:</c> the id as given.
/// </summary>
internal static class ContactKey
{
    public static string From(string kind, string value, string? messenger)
    {
        var trimmed = value.Trim();
        var normalizedKind = kind.Trim().ToLowerInvariant();
        var normalizedMessenger = messenger?.Trim().ToLowerInvariant();
        return normalizedKind switch
        {
            "email" => "email:" + trimmed.ToLowerInvariant(),
            "phone" => "phone:" + Digits(trimmed),
            "messenger" when normalizedMessenger == "whatsapp" => "phone:" + Digits(trimmed),
            "messenger" => $"messenger:{normalizedMessenger}:{trimmed}",
            "externalid" => "externalId:" + trimmed,
            _ => $"{normalizedKind}:{trimmed}",
        };
    }

    public static string From(ModularDesk.Plugins.Sdk.ContactAddress address) =>
        From(KindName(address.Kind), address.Value, address.Messenger);

    public static string KindName(ModularDesk.Plugins.Sdk.SenderKind kind) => kind switch
    {
        ModularDesk.Plugins.Sdk.SenderKind.Email => "email",
        ModularDesk.Plugins.Sdk.SenderKind.Phone => "phone",
        ModularDesk.Plugins.Sdk.SenderKind.Messenger => "messenger",
        ModularDesk.Plugins.Sdk.SenderKind.ExternalId => "externalId",
        ModularDesk.Plugins.Sdk.SenderKind.Social => "social",
        _ => kind.ToString().ToLowerInvariant(),
    };

    public static ModularDesk.Plugins.Sdk.SenderKind? SdkKind(string kind) => kind.Trim().ToLowerInvariant() switch
    {
        "email" => ModularDesk.Plugins.Sdk.SenderKind.Email,
        "phone" => ModularDesk.Plugins.Sdk.SenderKind.Phone,
        "messenger" => ModularDesk.Plugins.Sdk.SenderKind.Messenger,
        "externalid" => ModularDesk.Plugins.Sdk.SenderKind.ExternalId,
        "social" => ModularDesk.Plugins.Sdk.SenderKind.Social,
        _ => null,
    };

    private static string Digits(string value)
    {
        var digits = new StringBuilder(value.Length);
        foreach (var c in value.Where(char.IsAsciiDigit))
        {
            digits.Append(c);
        }

        return digits.Length > 0 ? digits.ToString() : value.ToLower(CultureInfo.InvariantCulture);
    }
}
