using ModularDesk.Plugins.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Plugins.Tests.Host;

/// <summary>The real host with a plugins folder holding a working, a broken and an incompatible plugin and a stray folder.</summary>
public sealed class PluginsHostFixture : HostFixture
{
    private readonly TestPluginFolders folders = new(
        TestPluginFolders.Working, TestPluginFolders.Broken, TestPluginFolders.Incompatible, TestPluginFolders.Crashing);

    public PluginsHostFixture()
    {
        folders.AddFolder("stray-folder", ("notes.txt", "no manifest here"));
        PluginsDirectory = folders.Path;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        folders.Dispose();
    }
}
