using McMaster.NETCore.Plugins;
using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Channels.Plugins;

/// <summary>
/// One plugin as the catalog knows it: what its manifest says (as far as it could be read), whether it
/// loaded, and when it did, the plugin's entry object. A failed plugin keeps its folder name as id
/// when the manifest had none, so the admin can still tell which folder is broken.
/// </summary>
internal sealed record PluginEntry(
    string Id,
    string Name,
    string? Version,
    string? SdkVersion,
    IReadOnlyList<string> Capabilities,
    PluginStatus Status,
    string? Error,
    string? Folder)
{
    public PluginManifest? Manifest { get; init; }

    /// <summary>Set when <see cref="Status"/> is <see cref="PluginStatus.Loaded"/> and the plugin has a connector.</summary>
    public IChannelPlugin? Plugin { get; init; }

    /// <summary>Keeps the plugin's load context alive for the life of the catalog.</summary>
    public PluginLoader? Loader { get; init; }

    public static PluginEntry FromManifest(PluginManifest manifest, string folder, PluginStatus status, string? error) => new(
        manifest.Id, manifest.Name, manifest.Version, manifest.SdkVersion, manifest.Capabilities, status, error, folder)
    {
        Manifest = manifest,
    };

    public static PluginEntry FailedFolder(string folder, string error) => new(
        Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)), Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)),
        null, null, [], PluginStatus.Failed, error, folder);
}
