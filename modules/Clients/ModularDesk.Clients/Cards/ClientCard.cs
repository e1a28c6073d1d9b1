namespace ModularDesk.Clients.Cards;

/// <summary>
/// The client card (C1): who the person is, how to reach them (<see cref="Contacts"/>), where each value came from
/// (<see cref="Provenance"/>, C22). Addresses, custom fields and provenance are <c>jsonb</c>.
/// </summary>
internal sealed class ClientCard
{
    public const int MaxNameLength = 200;
    public const int MaxPositionLength = 200;
    public const int MaxNoteLength = 5000;
    public const int MaxCustomerTypeLength = 100;
    public const int MaxUrlLength = 2000;

    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>Lower-cased, unaccented name (a stored generated column) that the trigram index covers (C7).</summary>
    public string? SearchName { get; private set; }

    public string? AvatarUrl { get; set; }

    public string? Language { get; set; }

    public Guid? OrganizationId { get; set; }

    public string? Position { get; set; }

    public string? Note { get; set; }

    public bool IsSpammer { get; set; }

    public bool IsVip { get; set; }

    public string? CustomerType { get; set; }

    public Guid? OwnerAgentId { get; set; }

    public bool Hidden { get; set; }

    /// <summary>JSON array of <see cref="CardAddress"/>.</summary>
    public string Addresses { get; set; } = "[]";

    /// <summary>JSON object of custom field key → value (typed validation belongs to the custom-fields feature).</summary>
    public string CustomFields { get; set; } = "{}";

    /// <summary>JSON object of field → <see cref="FieldSource"/> (C22).</summary>
    public string Provenance { get; set; } = "{}";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>PostgreSQL's <c>xmin</c>: the ETag.</summary>
    public uint Version { get; set; }

    public List<CardContact> Contacts { get; set; } = [];
}
