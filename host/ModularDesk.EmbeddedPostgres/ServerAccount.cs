namespace ModularDesk.EmbeddedPostgres;

/// <summary>
/// PostgreSQL refuses to run as root. When the host runs as root, the cluster runs as an
/// unprivileged account: Debian's <c>postgres</c> user when the package created it, else one we create.
/// </summary>
internal static class ServerAccount
{
    private const string OwnAccount = "modulardesk-pg";

    public static bool HostIsRoot => OperatingSystem.IsLinux() && Environment.UserName == "root";

    public static async Task<string?> ResolveAsync(CancellationToken cancellationToken)
    {
        if (!HostIsRoot)
        {
            return null;
        }

        if (Exists("postgres"))
        {
            return "postgres";
        }

        if (!Exists(OwnAccount))
        {
            await ProcessRunner.RunAsync(
                "useradd",
                ["--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", OwnAccount],
                runAsUser: null,
                cancellationToken);
        }

        return OwnAccount;
    }

    public static Task GiveAsync(string path, string account, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync("chown", ["-R", $"{account}:", path], runAsUser: null, cancellationToken);

    public static async Task<bool> CanWriteAsync(string account, string path, CancellationToken cancellationToken)
    {
        try
        {
            await ProcessRunner.RunAsync("test", ["-w", path], account, cancellationToken);
            return true;
        }
        catch (EmbeddedPostgresException)
        {
            return false;
        }
    }

    private static bool Exists(string account) =>
        File.ReadLines("/etc/passwd").Any(line => line.StartsWith(account + ":", StringComparison.Ordinal));
}
