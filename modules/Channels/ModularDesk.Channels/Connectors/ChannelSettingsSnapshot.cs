using ModularDesk.Channels.Instances;
using ModularDesk.Channels.Secrets;
using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Channels.Connectors;

/// <summary>
/// The SDK's <see cref="IChannelSettings"/> over a channel row as it was when the connector was created.
/// Secrets stay encrypted until the connector asks for one.
/// </summary>
internal sealed class ChannelSettingsSnapshot : IChannelSettings
{
    private readonly Dictionary<string, string> plain;
    private readonly Dictionary<string, string> protectedSecrets;
    private readonly ChannelSecretProtector protector;

    public ChannelSettingsSnapshot(ChannelInstance channel, PluginManifest? manifest, ChannelSecretProtector protector)
    {
        this.protector = protector;
        protectedSecrets = ChannelSettingsJson.ParseSecrets(channel.Secrets);
        plain = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var definition in manifest?.Settings ?? [])
        {
            if (!definition.Secret && definition.Default is not null)
            {
                plain[definition.Key] = definition.Default;
            }
        }

        foreach (var (key, value) in ChannelSettingsJson.ParseSettings(channel.Settings))
        {
            if (ChannelSettingsJson.ToSettingString(value) is { } text)
            {
                plain[key] = text;
            }
        }
    }

    public IReadOnlyCollection<string> Keys => plain.Keys;

    public string? Get(string key) => plain.GetValueOrDefault(key);

    public string? GetSecret(string key) =>
        protectedSecrets.TryGetValue(key, out var ciphertext) ? protector.Unprotect(ciphertext) : null;
}
