using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Plugins.Telegram;

/// <summary>A channel's Telegram settings, read once per connector (a settings change makes a new connector).</summary>
internal sealed record TelegramSettings(
    string BotToken,
    bool WebhookMode,
    string ApiBaseUrl,
    string? WebhookSecret,
    string? PublicUrl,
    bool AllowGroups,
    int PollTimeoutSeconds)
{
    public const string DefaultApiBaseUrl = "https://api.telegram.org";

    public static TelegramSettings From(IChannelSettings settings) => new(
        settings.GetRequiredSecret("botToken").Trim(),
        string.Equals(settings.Get("mode"), "webhook", StringComparison.OrdinalIgnoreCase),
        (settings.Get("apiBaseUrl") is { Length: > 0 } url ? url : DefaultApiBaseUrl).TrimEnd('/'),
        settings.GetSecret("webhookSecret") is { Length: > 0 } secret ? secret : null,
        settings.Get("publicUrl") is { Length: > 0 } publicUrl ? publicUrl.TrimEnd('/') : null,
        settings.GetBoolean("allowGroups", false),
        Math.Clamp(settings.GetInt32("pollTimeoutSeconds", 25), 0, 50));
}
