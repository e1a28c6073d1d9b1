namespace ModularDesk.Channels.Plugins;

/// <summary>One row of <c>GET /api/v1/plugins</c>.</summary>
internal sealed record PluginSummary(
    string Id,
    string Name,
    string? Version,
    string? SdkVersion,
    IReadOnlyList<string> Capabilities,
    string Status,
    string? Error)
{
    public static PluginSummary From(PluginEntry entry) => new(
        entry.Id,
        entry.Name,
        entry.Version,
        entry.SdkVersion,
        entry.Capabilities,
        entry.Status switch
        {
            PluginStatus.Loaded => "loaded",
            PluginStatus.Incompatible => "incompatible",
            _ => "failed",
        },
        entry.Error);
}
