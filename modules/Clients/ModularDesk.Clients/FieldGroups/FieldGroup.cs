namespace ModularDesk.Clients.FieldGroups;

/// <summary>A special-field group (C17): a named set of typed fields a card holds repeating records of, e.g. "Orders".</summary>
internal sealed class FieldGroup
{
    public Guid Id { get; set; }

    public required string Key { get; set; }

    public required string Label { get; set; }

    /// <summary>The fields as a JSON array of <see cref="GroupField"/>.</summary>
    public required string Fields { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One field of a group.</summary>
internal sealed record GroupField(string Key, string Label, string Type, IReadOnlyList<string> Options);
