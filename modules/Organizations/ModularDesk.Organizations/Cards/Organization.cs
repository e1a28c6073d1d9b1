namespace ModularDesk.Organizations.Cards;

/// <summary>
/// An organization card (O1). The repeating parts (sites, phones, address, custom fields) are JSON documents
/// (<c>jsonb</c>): they are read and written with the card, never queried on their own.
/// </summary>
internal sealed class Organization
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>The name lower-cased without diacritics: what the trigram index and name search use.</summary>
    public string SearchName { get; set; } = "";

    public string? Note { get; set; }

    public Guid? OwnerAgentId { get; set; }

    public bool IsVip { get; set; }

    public string? CustomerType { get; set; }

    /// <summary>JSON array of URLs.</summary>
    public string Sites { get; set; } = "[]";

    /// <summary>JSON array of <c>{ number, type }</c>.</summary>
    public string Phones { get; set; } = "[]";

    /// <summary>JSON object <c>{ type, lines, city, postalCode, country }</c>, or null.</summary>
    public string? Address { get; set; }

    /// <summary>JSON object of custom field key → value.</summary>
    public string CustomFields { get; set; } = "{}";

    /// <summary>Created from an email domain (O2) rather than by an agent.</summary>
    public bool Automatic { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>PostgreSQL's <c>xmin</c>: the ETag.</summary>
    public uint Version { get; set; }

    public List<OrganizationDomain> Domains { get; } = [];
}
