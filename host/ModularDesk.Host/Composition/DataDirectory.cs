namespace ModularDesk.Host.Composition;

/// <summary>Where the host keeps its state: the embedded database, the generated admin password, files.</summary>
internal static class DataDirectory
{
    public static string Resolve(IConfiguration configuration)
    {
        var configured = configuration["MODULARDESK_DATA_DIR"] ?? configuration["DataDirectory"];
        var path = Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? ".modulardesk" : configured);
        Directory.CreateDirectory(path);
        return path;
    }
}
