using System.Security.Cryptography;
using System.Text;

namespace ModularDesk.EmbeddedPostgres;

/// <summary>
/// Where a cluster lives. The host's own state (password, last port, owning process) sits beside
/// the cluster directory, readable by the host only; the cluster directory belongs to the server account.
/// </summary>
internal sealed record ClusterFiles(string ClusterDirectory, string StatePrefix)
{
    public string PasswordFile => StatePrefix + ".password";

    public string PortFile => StatePrefix + ".port";

    public string OwnerFile => StatePrefix + ".owner";

    public string LogFile => Path.Combine(ClusterDirectory, "postgres.log");

    public string PidFile => Path.Combine(ClusterDirectory, "postmaster.pid");

    public bool IsInitialized => File.Exists(Path.Combine(ClusterDirectory, "PG_VERSION"));

    public static ClusterFiles For(string dataDirectory)
    {
        var full = Path.GetFullPath(dataDirectory);
        return new ClusterFiles(full, full);
    }

    /// <summary>
    /// Used when the server account cannot reach the data directory (e.g. it is under /root):
    /// the cluster moves to a fixed place derived from the data directory, the state stays put.
    /// </summary>
    public ClusterFiles Relocated()
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(StatePrefix)))[..16];
        return this with { ClusterDirectory = Path.Combine("/var/lib/modulardesk", "postgres-" + hash) };
    }

    public static void WriteSecret(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, Encoding.UTF8, options);
        writer.Write(content);
    }
}
