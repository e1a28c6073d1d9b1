using Microsoft.Extensions.Configuration;

namespace ModularDesk.Channels.Plugins;

/// <summary>
/// Where plugin folders are read from: <c>Plugins:Directory</c> (relative paths are taken from the
/// host binary's folder), else <c>plugins</c> next to the host binary, where the build puts the
/// project's own connectors.
/// </summary>
internal sealed record PluginDirectory(string Path)
{
    public const string ConfigurationKey = "Plugins:Directory";

    public static PluginDirectory From(IConfiguration configuration)
    {
        var configured = configuration[ConfigurationKey];
        var path = string.IsNullOrWhiteSpace(configured)
            ? System.IO.Path.Combine(AppContext.BaseDirectory, "plugins")
            : System.IO.Path.GetFullPath(configured, AppContext.BaseDirectory);
        return new PluginDirectory(path);
    }
}
