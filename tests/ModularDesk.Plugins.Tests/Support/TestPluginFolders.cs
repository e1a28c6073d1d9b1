using System.Reflection;

namespace ModularDesk.Plugins.Tests.Support;

/// <summary>
/// A throwaway plugins directory holding copies of the built test plugins (so each test decides which
/// are present and may add broken folders of its own).
/// </summary>
internal sealed class TestPluginFolders : IDisposable
{
    public const string Working = "ModularDesk.TestPlugins.Working";
    public const string Broken = "ModularDesk.TestPlugins.Broken";
    public const string Incompatible = "ModularDesk.TestPlugins.Incompatible";
    public const string Crashing = "ModularDesk.TestPlugins.Crashing";

    public TestPluginFolders(params string[] plugins)
    {
        Directory.CreateDirectory(Path);
        foreach (var plugin in plugins)
        {
            Add(plugin);
        }
    }

    /// <summary>Where the test plugin projects build to ($(TestPluginsOutputRoot)).</summary>
    public static string BuildOutput { get; } = typeof(TestPluginFolders).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "TestPluginsDirectory").Value!;

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "modulardesk-plugins-" + Guid.NewGuid().ToString("N"));

    public static string BuiltFolder(string plugin) => System.IO.Path.Combine(BuildOutput, plugin);

    public string Add(string plugin, string? folderName = null)
    {
        var source = BuiltFolder(plugin);
        if (!File.Exists(System.IO.Path.Combine(source, "plugin.json")))
        {
            throw new InvalidOperationException($"{plugin} was not built into {source}");
        }

        var target = System.IO.Path.Combine(Path, folderName ?? plugin);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)));
        }

        return target;
    }

    public string AddFolder(string name, params (string File, string Content)[] files)
    {
        var folder = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(folder);
        foreach (var (file, content) in files)
        {
            File.WriteAllText(System.IO.Path.Combine(folder, file), content);
        }

        return folder;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Loaded plugin assemblies may still be mapped; the temp folder is cleaned by the OS.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
