using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Plugins.WhatsApp;

/// <summary>A channel's WhatsApp settings, read once per connector (a settings change makes a new connector).</summary>
internal sealed record WhatsAppSettings(
    string PhoneNumberId,
    string AccessToken,
    string AppSecret,
    string VerifyToken,
    string ApiBaseUrl,
    string ApiVersion)
{
    public const string DefaultApiBaseUrl = "https://graph.facebook.com";
    public const string DefaultApiVersion = "v23.0";

    public static WhatsAppSettings From(IChannelSettings settings) => new(
        settings.GetRequired("phoneNumberId").Trim(),
        settings.GetRequiredSecret("accessToken").Trim(),
        settings.GetRequiredSecret("appSecret").Trim(),
        settings.GetRequiredSecret("verifyToken"),
        (settings.Get("apiBaseUrl") is { Length: > 0 } url ? url : DefaultApiBaseUrl).TrimEnd('/'),
        (settings.Get("apiVersion") is { Length: > 0 } version ? version : DefaultApiVersion).Trim('/'));
}
