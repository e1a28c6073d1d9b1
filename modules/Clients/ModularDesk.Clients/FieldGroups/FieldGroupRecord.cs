namespace ModularDesk.Clients.FieldGroups;

/// <summary>One record of a group on one card, e.g. one order.</summary>
internal sealed class FieldGroupRecord
{
    public Guid Id { get; set; }

    public Guid ClientId { get; set; }

    public Guid GroupId { get; set; }

    /// <summary>A JSON object of field key → value.</summary>
    public required string Values { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
