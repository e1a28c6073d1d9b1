using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.Channels.Plugins;
using ModularDesk.Channels.Secrets;
using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Channels.Instances;

/// <summary>
/// Applies the <c>settings</c> an admin sends to a channel: secrets (by the plugin's manifest or the
/// well-known list) are encrypted into <see cref="ChannelInstance.Secrets"/>, the rest kept as JSON. Merge
/// rules: a key sent as <c>null</c> removes it, an omitted key stays as it was.
/// </summary>
internal sealed class ChannelSettingsEditor(SecretSettingKeys secretKeys, ChannelSecretProtector protector, PluginCatalog catalog)
{
    private const int MaxKeyLength = 100;
    private const int MaxSecretLength = 8192;

    public void Apply(ChannelInstance channel, JsonObject changes, ValidationErrors errors)
    {
        var settings = ChannelSettingsJson.ParseSettings(channel.Settings);
        var secrets = ChannelSettingsJson.ParseSecrets(channel.Secrets);
        var definitions = Definitions(channel.PluginId);

        foreach (var (key, value) in changes)
        {
            var field = $"settings.{key}";
            if (string.IsNullOrWhiteSpace(key) || key.Length > MaxKeyLength)
            {
                errors.Add(field, $"A setting key is 1 to {MaxKeyLength} characters.");
                continue;
            }

            if (secretKeys.IsSecret(channel.PluginId, key))
            {
                if (value is null)
                {
                    secrets.Remove(key);
                }
                else if (value.GetValueKind() != JsonValueKind.String || value.GetValue<string>().Length > MaxSecretLength)
                {
                    errors.Add(field, $"A secret is a string of at most {MaxSecretLength} characters.");
                }
                else
                {
                    secrets[key] = protector.Protect(value.GetValue<string>());
                }

                settings.Remove(key);
                continue;
            }

            if (value is null)
            {
                settings.Remove(key);
                continue;
            }

            if (definitions.TryGetValue(key, out var definition) && CheckType(definition, value) is { } problem)
            {
                errors.Add(field, problem);
                continue;
            }

            settings[key] = value.DeepClone();
        }

        channel.Settings = settings.ToJsonString();
        channel.Secrets = JsonSerializer.Serialize(secrets);
    }

    /// <summary>Names every setting the plugin requires (and has no default for) that the channel lacks.</summary>
    public void CheckRequired(ChannelInstance channel, ValidationErrors errors)
    {
        var settings = ChannelSettingsJson.ParseSettings(channel.Settings);
        var secrets = ChannelSettingsJson.ParseSecrets(channel.Secrets);
        foreach (var definition in Definitions(channel.PluginId).Values.Where(d => d.Required && d.Default is null))
        {
            var present = secrets.ContainsKey(definition.Key)
                          || (settings[definition.Key] is { } value
                              && !(value.GetValueKind() == JsonValueKind.String && string.IsNullOrWhiteSpace(value.GetValue<string>())));
            if (!present)
            {
                errors.Add($"settings.{definition.Key}", "Required.");
            }
        }
    }

    private Dictionary<string, PluginSettingDefinition> Definitions(string pluginId) =>
        (catalog.Find(pluginId)?.Manifest?.Settings ?? [])
        .GroupBy(d => d.Key, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    private static string? CheckType(PluginSettingDefinition definition, JsonNode value)
    {
        var kind = value.GetValueKind();
        var text = kind == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
        return definition.Type switch
        {
            PluginSettingType.Int when kind is not (JsonValueKind.Number or JsonValueKind.String)
                                       || !long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) =>
                "Must be a whole number.",
            PluginSettingType.Bool when !bool.TryParse(text, out _) => "Must be true or false.",
            PluginSettingType.Enum when kind != JsonValueKind.String || !definition.Options.Contains(text, StringComparer.Ordinal) =>
                $"Must be one of: {string.Join(", ", definition.Options)}.",
            PluginSettingType.String when kind is JsonValueKind.Object => "Must be a value, not an object.",
            _ => null,
        };
    }
}
