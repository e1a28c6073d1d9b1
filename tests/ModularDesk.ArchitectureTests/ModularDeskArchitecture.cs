using System.Reflection;
using ArchUnitNET.Domain;
using ArchUnitNET.Loader;

namespace ModularDesk.ArchitectureTests;

/// <summary>ModularDesk as built: loaded once per test run (loading is the slow part).</summary>
internal static class ModularDeskArchitecture
{
    public const string HostAssembly = "ModularDesk.Host";
    public const string SdkAssembly = "ModularDesk.Plugins.Sdk";
    public const string SharedContracts = "ModularDesk.BuildingBlocks.Contracts";

    public static readonly IReadOnlyList<string> Modules =
        new[] { "Clients", "Organizations", "Tickets", "History", "Compliance", "Channels", "Agents" }
            .Select(module => "ModularDesk." + module).ToList();

    public static readonly IReadOnlyList<string> Contracts =
        [.. Modules.Select(module => module + ".Contracts"), SharedContracts];

    /// <summary>Connectors (artifacts/plugins) and the test plugins (artifacts/test-plugins), as built.</summary>
    public static readonly IReadOnlyList<string> PluginFiles =
        [.. PluginAssemblyFiles("PluginsDirectory", "ModularDesk.Plugins.*.dll")
                .Where(file => Path.GetFileNameWithoutExtension(file) != SdkAssembly),
            .. PluginAssemblyFiles("TestPluginsDirectory", "ModularDesk.TestPlugins.*.dll")];

    public static readonly IReadOnlyList<string> PluginAssemblies =
        PluginFiles.Select(file => Path.GetFileNameWithoutExtension(file)!).ToList();

    /// <summary>Every ModularDesk assembly: host, shared kernel, modules, contracts, SDK and plugins.</summary>
    public static readonly Architecture Everything = Load(
        [HostAssembly, "ModularDesk.EmbeddedPostgres", "ModularDesk.BuildingBlocks", SharedContracts, SdkAssembly, .. Modules, .. Contracts],
        PluginFiles);

    public static Architecture Load(IEnumerable<string> assembliesNextToTests, IEnumerable<string> assemblyFiles)
    {
        var loader = new ArchLoader();
        foreach (var name in assembliesNextToTests)
        {
            var file = Path.Combine(AppContext.BaseDirectory, name + ".dll");
            if (!File.Exists(file))
            {
                throw new FileNotFoundException($"{name} was not built next to the architecture tests.", file);
            }

            loader = loader.LoadFilteredDirectory(AppContext.BaseDirectory, name + ".dll", SearchOption.TopDirectoryOnly);
        }

        foreach (var file in assemblyFiles)
        {
            loader = loader.LoadFilteredDirectory(Path.GetDirectoryName(file)!, Path.GetFileName(file), SearchOption.TopDirectoryOnly);
        }

        return loader.Build();
    }

    private static IEnumerable<string> PluginAssemblyFiles(string metadataKey, string pattern)
    {
        var directory = typeof(ModularDeskArchitecture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == metadataKey).Value!;
        return Directory.Exists(directory)
            ? Directory.EnumerateDirectories(directory)
                .SelectMany(folder => Directory.EnumerateFiles(folder, pattern))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
    }
}
