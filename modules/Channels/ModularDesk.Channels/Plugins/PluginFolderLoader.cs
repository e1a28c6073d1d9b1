using System.Reflection;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.Logging;
using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Channels.Plugins;

/// <summary>
/// Loads one plugin folder: manifest, SDK version check, assembly in its own load context, entry type.
/// Every failure becomes a <see cref="PluginEntry"/> with a reason; nothing a plugin does escapes
/// (the model is Jellyfin's PluginManager, which marks a plugin NotSupported or Malfunctioned and goes on).
/// </summary>
internal static class PluginFolderLoader
{
    /// <summary>
    /// The only types unified with the host: the SDK and the logging abstractions its context hands
    /// out. Everything else a plugin brings (MailKit, Telegram.Bot, JSON libraries) stays its own, so two
    /// plugins may use different versions. McMaster's docs warn that sharing more does not unify reliably.
    /// </summary>
    private static readonly Type[] SharedTypes = [typeof(IChannelPlugin), typeof(ILogger)];

    public static PluginEntry Load(string folder, Version hostSdkVersion)
    {
        var manifestPath = Path.Combine(folder, PluginManifest.FileName);
        if (!File.Exists(manifestPath))
        {
            return PluginEntry.FailedFolder(folder, $"no {PluginManifest.FileName}");
        }

        PluginManifest manifest;
        try
        {
            manifest = PluginManifest.Parse(File.ReadAllText(manifestPath));
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            return PluginEntry.FailedFolder(folder, e.Message);
        }

        var builtAgainst = manifest.GetSdkVersion()!;
        if (!SdkInfo.IsCompatible(builtAgainst, hostSdkVersion))
        {
            return PluginEntry.FromManifest(
                manifest,
                folder,
                PluginStatus.Incompatible,
                $"built for SDK {builtAgainst.ToString(3)}; this host carries SDK {hostSdkVersion.ToString(3)} " +
                $"and loads plugins built for {hostSdkVersion.Major}.0 to {hostSdkVersion.Major}.{hostSdkVersion.Minor}");
        }

        var assemblyPath = Path.Combine(folder, manifest.Assembly);
        if (!File.Exists(assemblyPath))
        {
            return PluginEntry.FromManifest(manifest, folder, PluginStatus.Failed, $"assembly '{manifest.Assembly}' not found in the plugin folder");
        }

        PluginLoader? loader = null;
        try
        {
            loader = PluginLoader.CreateFromAssemblyFile(assemblyPath, sharedTypes: SharedTypes);
            var assembly = loader.LoadDefaultAssembly();
            var entryType = FindEntryType(assembly, manifest);
            var plugin = (IChannelPlugin)Activator.CreateInstance(entryType)!;
            return PluginEntry.FromManifest(manifest, folder, PluginStatus.Loaded, null) with { Plugin = plugin, Loader = loader };
        }
        catch (Exception e)
        {
            loader?.Dispose();
            return PluginEntry.FromManifest(manifest, folder, PluginStatus.Failed, Describe(e));
        }
    }

    private static Type FindEntryType(Assembly assembly, PluginManifest manifest)
    {
        // GetTypes right away, as Jellyfin does: a plugin built against missing or different
        // dependencies fails here, at load, instead of later in the middle of a receive loop.
        var types = assembly.GetTypes();
        var candidates = types
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IChannelPlugin).IsAssignableFrom(t))
            .ToList();
        if (manifest.EntryType is { Length: > 0 } entryTypeName)
        {
            return candidates.SingleOrDefault(t => t.FullName == entryTypeName)
                   ?? throw new PluginLoadException(
                       $"entry type '{entryTypeName}' not found or does not implement {nameof(IChannelPlugin)}");
        }

        return candidates.Count switch
        {
            1 => candidates[0],
            0 when types.Any(t => t.GetInterfaces().Any(i => i.FullName == typeof(IChannelPlugin).FullName)) =>
                throw new PluginLoadException(
                    $"the plugin implements a different copy of {nameof(IChannelPlugin)}; do not ship the SDK assembly with the plugin"),
            0 => throw new PluginLoadException($"no public class implements {nameof(IChannelPlugin)}"),
            _ => throw new PluginLoadException(
                $"several classes implement {nameof(IChannelPlugin)} ({string.Join(", ", candidates.Select(t => t.FullName))}); name one as 'entryType' in {PluginManifest.FileName}"),
        };
    }

    private static string Describe(Exception e) => e switch
    {
        TargetInvocationException { InnerException: { } inner } => $"the plugin's constructor threw {inner.GetType().Name}: {inner.Message}",
        ReflectionTypeLoadException typeLoad => "types could not be loaded: " + string.Join(
            "; ", typeLoad.LoaderExceptions.OfType<Exception>().Select(x => x.Message).Distinct().Take(3)),
        PluginLoadException => e.Message,
        MissingMethodException => $"the entry type needs a public parameterless constructor ({e.Message})",
        _ => $"{e.GetType().Name}: {e.Message}",
    };
}
