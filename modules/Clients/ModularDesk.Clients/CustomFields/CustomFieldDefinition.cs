namespace ModularDesk.Clients.CustomFields;

/// <summary>An admin-defined custom field of client or organization cards (C17).</summary>
internal sealed class CustomFieldDefinition
{
    public Guid Id { get; set; }

    /// <summary><c>client</c> or <c>organization</c>.</summary>
    public required string Entity { get; set; }

    public required string Key { get; set; }

    public required string Label { get; set; }

    public required string Type { get; set; }

    public List<string> Options { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
}
