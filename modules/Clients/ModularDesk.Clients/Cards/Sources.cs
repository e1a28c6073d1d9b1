namespace ModularDesk.Clients.Cards;

/// <summary>Provenance sources (C22).</summary>
internal static class Sources
{
    public const string Channel = "channel";
    public const string Agent = "agent";
    public const string Import = "import";
    public const string Api = "api";
    public const string Merge = "merge";
    public const string System = "system";
}
