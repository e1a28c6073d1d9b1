using System.Text.Json.Nodes;
using ModularDesk.BuildingBlocks.Http;

namespace ModularDesk.Channels.Instances;

/// <summary>A channel as the API shows it: plain settings, and only the names of the secrets that are set.</summary>
internal sealed record ChannelView(
    Guid Id,
    string PluginId,
    string Name,
    bool Enabled,
    bool BuiltIn,
    JsonObject Settings,
    IReadOnlyList<string> SecretsSet,
    string WebhookPath,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static ChannelView From(ChannelInstance channel) => new(
        channel.Id,
        channel.PluginId,
        channel.Name,
        channel.Enabled,
        channel.IsBuiltIn,
        ChannelSettingsJson.ParseSettings(channel.Settings),
        ChannelSettingsJson.ParseSecrets(channel.Secrets).Keys.Order(StringComparer.Ordinal).ToList(),
        $"/channels/{channel.Id}/webhook",
        channel.CreatedAt,
        channel.UpdatedAt);

    public static string ETag(ChannelInstance channel) => EntityVersions.ETag(channel.Version);
}
