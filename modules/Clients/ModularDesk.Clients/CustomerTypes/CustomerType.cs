namespace ModularDesk.Clients.CustomerTypes;

/// <summary>One entry of the admin-defined list of customer types (O8).</summary>
internal sealed class CustomerType
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    /// <summary>The name lower-cased: unique, so "Partner" and "partner" are one type.</summary>
    public required string NameKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
