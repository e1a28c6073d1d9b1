namespace ModularDesk.History.Names;

/// <summary>
/// The current name of a client, agent or organization as History shows it, kept from their modules' events
/// (History never reads other modules' tables). Timelines join it at read time, so a rename shows everywhere at once.
/// </summary>
internal sealed class KnownName
{
    public Guid Id { get; set; }

    /// <summary><c>client</c>, <c>agent</c> or <c>organization</c>.</summary>
    public string Kind { get; set; } = "";

    public string? Name { get; set; }

    /// <summary>When the name was set (the event's time): an older event arriving late does not overwrite it.</summary>
    public DateTimeOffset? NameAt { get; set; }

    /// <summary>A client's organization now (new entries are filed under it).</summary>
    public Guid? OrganizationId { get; set; }

    public DateTimeOffset? OrganizationAt { get; set; }

    /// <summary>A deleted client or organization: late events about it are dropped.</summary>
    public bool Deleted { get; set; }
}
