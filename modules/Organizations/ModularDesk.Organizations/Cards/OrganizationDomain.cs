namespace ModularDesk.Organizations.Cards;

/// <summary>An email domain of an organization; the domain is the key, so it belongs to at most one (O3).</summary>
internal sealed class OrganizationDomain
{
    public string Domain { get; set; } = "";

    public Guid OrganizationId { get; set; }

    public DateTimeOffset AddedAt { get; set; }
}
