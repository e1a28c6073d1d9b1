using ModularDesk.Channels.Plugins;

namespace ModularDesk.Channels.Secrets;

/// <summary>
/// Decides which setting keys are secrets: those the plugin's manifest marks <c>secret</c>, plus the keys
/// api.md lists as secrets for the project's connectors, so a secret stays encrypted and write-only even when
/// its plugin is not installed on this host or its manifest forgot the flag.
/// </summary>
internal sealed class SecretSettingKeys(PluginCatalog catalog)
{
    public static readonly IReadOnlySet<string> KnownSecrets = new HashSet<string>(StringComparer.Ordinal)
    {
        "imapPassword", "smtpPassword", "botToken", "webhookSecret", "accessToken", "appSecret", "verifyToken", "identitySecret",
    };

    public bool IsSecret(string pluginId, string key) =>
        KnownSecrets.Contains(key)
        || catalog.Find(pluginId)?.Manifest?.Settings.Any(s => s.Secret && string.Equals(s.Key, key, StringComparison.Ordinal)) == true;
}
