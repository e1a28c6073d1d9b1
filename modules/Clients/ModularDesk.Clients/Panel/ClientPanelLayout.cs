namespace ModularDesk.Clients.Panel;

/// <summary>The details panel configuration (C17): which card properties show, in which order. One row per desk.</summary>
internal sealed class ClientPanelLayout
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public List<string> Properties { get; set; } = [];

    public DateTimeOffset UpdatedAt { get; set; }

    public Guid? UpdatedBy { get; set; }

    /// <summary>What a desk shows before an admin configures it: every built-in property in the card's order.</summary>
    public static readonly string[] BuiltInProperties =
    [
        "name", "avatar", "organization", "position", "language", "customerType", "owner", "isVip", "isSpammer", "note",
        "emails", "phones", "messengers", "socialProfiles", "sites", "externalIds", "addresses", "files",
    ];
}
