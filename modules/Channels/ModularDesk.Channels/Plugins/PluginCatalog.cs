using Microsoft.Extensions.Logging;
using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Channels.Plugins;

/// <summary>
/// Every channel type this host knows: the built-in <c>api</c> plus each folder under the plugins
/// directory, loaded once on first use. Broken plugins are listed with their reason, never thrown.
/// </summary>
internal sealed partial class PluginCatalog : IDisposable
{
    private readonly Lazy<IReadOnlyList<PluginEntry>> entries;
    private readonly ILogger<PluginCatalog> logger;

    public PluginCatalog(PluginDirectory directory, ILogger<PluginCatalog> logger)
        : this(directory, SdkInfo.Version, logger)
    {
    }

    public PluginCatalog(PluginDirectory directory, Version hostSdkVersion, ILogger<PluginCatalog> logger)
    {
        this.logger = logger;
        Directory = directory.Path;
        entries = new Lazy<IReadOnlyList<PluginEntry>>(() => LoadAll(hostSdkVersion), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Directory { get; }

    /// <summary>The built-in <c>api</c> entry first, then the folders in name order.</summary>
    public IReadOnlyList<PluginEntry> All => entries.Value;

    public PluginEntry? Find(string pluginId) => All.FirstOrDefault(p => p.Id == pluginId && p.Status == PluginStatus.Loaded)
                                                ?? All.FirstOrDefault(p => p.Id == pluginId);

    /// <summary>The loaded plugin with this id, or null when it is unknown, failed, or has no connector (<c>api</c>).</summary>
    public IChannelPlugin? FindConnectorPlugin(string pluginId) => Find(pluginId)?.Plugin;

    public void Dispose()
    {
        if (!entries.IsValueCreated)
        {
            return;
        }

        foreach (var entry in entries.Value)
        {
            entry.Loader?.Dispose();
        }
    }

    private List<PluginEntry> LoadAll(Version hostSdkVersion)
    {
        var result = new List<PluginEntry> { BuiltInApiPlugin.Entry };
        if (!System.IO.Directory.Exists(Directory))
        {
            LogNoDirectory(Directory);
            return result;
        }

        string[] folders;
        try
        {
            folders = System.IO.Directory.GetDirectories(Directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogDirectoryUnreadable(e, Directory);
            return result;
        }

        foreach (var folder in folders.Order(StringComparer.Ordinal))
        {
            var entry = LoadOne(folder, hostSdkVersion);
            if (entry.Status == PluginStatus.Loaded && result.Any(p => p.Id == entry.Id && p.Status == PluginStatus.Loaded))
            {
                entry.Loader?.Dispose();
                entry = entry with
                {
                    Status = PluginStatus.Failed,
                    Error = $"another plugin already has the id '{entry.Id}'",
                    Plugin = null,
                    Loader = null,
                };
            }

            if (entry.Status == PluginStatus.Loaded)
            {
                LogLoaded(entry.Id, entry.Version, folder);
            }
            else
            {
                LogSkipped(entry.Id, entry.Status, entry.Error, folder);
            }

            result.Add(entry);
        }

        return result;
    }

    private static PluginEntry LoadOne(string folder, Version hostSdkVersion)
    {
        try
        {
            return PluginFolderLoader.Load(folder, hostSdkVersion);
        }
        catch (Exception e)
        {
            // The folder loader already turns plugin failures into entries; this is the last line
            // so that no plugin, however broken, can stop the host from starting.
            return PluginEntry.FailedFolder(folder, $"{e.GetType().Name}: {e.Message}");
        }
    }

    [LoggerMessage(LogLevel.Information, "Loaded plugin {PluginId} {Version} from {Folder}")]
    private partial void LogLoaded(string pluginId, string? version, string folder);

    [LoggerMessage(LogLevel.Warning, "Skipped plugin {PluginId} ({Status}): {Error}; folder {Folder}")]
    private partial void LogSkipped(string pluginId, PluginStatus status, string? error, string folder);

    [LoggerMessage(LogLevel.Information, "Plugins directory {Directory} does not exist; only built-in channel types are available")]
    private partial void LogNoDirectory(string directory);

    [LoggerMessage(LogLevel.Error, "Plugins directory {Directory} cannot be read")]
    private partial void LogDirectoryUnreadable(Exception exception, string directory);
}
