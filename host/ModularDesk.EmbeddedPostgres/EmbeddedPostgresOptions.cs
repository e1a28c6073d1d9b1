namespace ModularDesk.EmbeddedPostgres;

public sealed class EmbeddedPostgresOptions
{
    /// <summary>The cluster's data directory (created by initdb on first start).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Fixed port; null = the port used last time if free, else any free port.</summary>
    public int? Port { get; init; }

    /// <summary>The application database, created when missing.</summary>
    public string Database { get; init; } = "modulardesk";

    /// <summary>fsync off and friends: for throwaway test clusters only.</summary>
    public bool Ephemeral { get; init; }
}
