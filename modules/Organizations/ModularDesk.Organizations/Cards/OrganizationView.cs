using System.Text.Json.Nodes;
using ModularDesk.BuildingBlocks.Http;

namespace ModularDesk.Organizations.Cards;

/// <summary>
/// An organization card as the API shows it. <see cref="DomainCandidates"/> is set only in the answer to a
/// create or change that added domains: existing clients with an email at a new domain, not yet members (O3).
/// </summary>
internal sealed record OrganizationView(
    Guid Id,
    string Name,
    IReadOnlyList<string> Domains,
    string? Note,
    Guid? OwnerAgentId,
    bool IsVip,
    string? CustomerType,
    IReadOnlyList<string> Sites,
    IReadOnlyList<PhoneEntry> Phones,
    AddressEntry? Address,
    JsonObject CustomFields,
    bool Automatic,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<DomainCandidateView>? DomainCandidates = null)
{
    public static OrganizationView From(Organization organization, IReadOnlyList<DomainCandidateView>? candidates = null)
    {
        var values = CardDocument.ValuesOf(organization);
        return new OrganizationView(
            organization.Id,
            values.Name,
            values.Domains,
            values.Note,
            values.OwnerAgentId,
            values.IsVip,
            values.CustomerType,
            values.Sites,
            values.Phones,
            values.Address,
            values.CustomFields,
            organization.Automatic,
            organization.CreatedAt,
            organization.UpdatedAt,
            candidates);
    }

    public static string ETag(Organization organization) => EntityVersions.ETag(organization.Version);
}

/// <summary>A client who could join the organization: one of their emails is at one of its domains.</summary>
internal sealed record DomainCandidateView(Guid ClientId, string Name, string Email, Guid? OrganizationId);
