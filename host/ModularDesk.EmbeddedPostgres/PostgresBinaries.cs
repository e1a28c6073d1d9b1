namespace ModularDesk.EmbeddedPostgres;

/// <summary>Finds the machine's PostgreSQL server programs (initdb, pg_ctl).</summary>
internal sealed record PostgresBinaries(string Directory)
{
    public const string InstallHint =
        "PostgreSQL server programs (initdb, pg_ctl) were not found. Install them with " +
        "'apt-get install -y postgresql', set MODULARDESK_PG_BIN to their directory, " +
        "or configure ConnectionStrings__ModularDesk to use an existing server.";

    public string InitDb => Path.Combine(Directory, "initdb");

    public string PgCtl => Path.Combine(Directory, "pg_ctl");

    public static PostgresBinaries Locate()
    {
        var configured = Environment.GetEnvironmentVariable("MODULARDESK_PG_BIN");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return HasServerPrograms(configured)
                ? new PostgresBinaries(configured)
                : throw new EmbeddedPostgresException($"MODULARDESK_PG_BIN={configured} has no initdb/pg_ctl. {InstallHint}");
        }

        // Debian keeps server programs off PATH, one directory per major version; take the newest.
        var debian = "/usr/lib/postgresql";
        if (System.IO.Directory.Exists(debian))
        {
            var newest = System.IO.Directory.EnumerateDirectories(debian)
                .Select(dir => (dir, version: int.TryParse(Path.GetFileName(dir), out var v) ? v : -1))
                .Where(candidate => candidate.version > 0 && HasServerPrograms(Path.Combine(candidate.dir, "bin")))
                .OrderByDescending(candidate => candidate.version)
                .Select(candidate => Path.Combine(candidate.dir, "bin"))
                .FirstOrDefault();
            if (newest is not null)
            {
                return new PostgresBinaries(newest);
            }
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(HasServerPrograms);
        return onPath is not null ? new PostgresBinaries(onPath) : throw new EmbeddedPostgresException(InstallHint);
    }

    private static bool HasServerPrograms(string directory) =>
        File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl"));
}
