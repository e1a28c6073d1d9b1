using System.Text.Json;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.Clients.Identities;

namespace ModularDesk.Clients.Cards;

/// <summary>A card as the API returns it (api.md "Clients"); every contact carries its id and provenance.</summary>
internal sealed record ClientCardView(
    Guid Id,
    string Name,
    string? AvatarUrl,
    string? Language,
    Guid? OrganizationId,
    string? Position,
    string? Note,
    bool IsSpammer,
    bool IsVip,
    string? CustomerType,
    Guid? OwnerAgentId,
    bool Hidden,
    IReadOnlyList<PhoneView> Phones,
    IReadOnlyList<EmailView> Emails,
    IReadOnlyList<SiteView> Sites,
    IReadOnlyList<SocialProfileView> SocialProfiles,
    IReadOnlyList<MessengerView> Messengers,
    IReadOnlyList<ExternalIdView> ExternalIds,
    IReadOnlyList<CardAddress> Addresses,
    JsonElement CustomFields,
    IReadOnlyDictionary<string, FieldSource> Provenance,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static string ETag(ClientCard card) => EntityVersions.ETag(card.Version);

    public static ClientCardView From(ClientCard card)
    {
        var contacts = card.Contacts.OrderBy(c => c.Seq).ToList();
        IEnumerable<CardContact> Of(string kind) => contacts.Where(c => c.Kind == kind);
        return new ClientCardView(
            card.Id,
            card.Name,
            card.AvatarUrl,
            card.Language,
            card.OrganizationId,
            card.Position,
            card.Note,
            card.IsSpammer,
            card.IsVip,
            card.CustomerType,
            card.OwnerAgentId,
            card.Hidden,
            Of(ContactKinds.Phone).Select(c => new PhoneView(c.Id, c.Id, c.Value, c.Display, c.Label, c.Source, c.UpdatedAt)).ToList(),
            Of(ContactKinds.Email).Select(c => new EmailView(c.Id, c.Id, c.Value, c.Label, c.Source, c.UpdatedAt)).ToList(),
            Of(ContactKinds.Site).Select(c => new SiteView(c.Id, c.Id, c.Display, c.Source, c.UpdatedAt)).ToList(),
            Of(ContactKinds.Social).Select(c => new SocialProfileView(c.Id, c.Id, c.Label ?? "", c.Display, c.Source, c.UpdatedAt)).ToList(),
            Of(ContactKinds.Messenger).Select(c => new MessengerView(c.Value, c.Id, c.Label ?? "", c.Source, c.UpdatedAt)).ToList(),
            Of(ContactKinds.ExternalId).Select(c => new ExternalIdView(c.Value, c.Id, c.Label ?? "", c.Source, c.UpdatedAt)).ToList(),
            CardJson.Addresses(card),
            CardJson.CustomFields(card),
            CardJson.Provenance(card),
            card.CreatedAt,
            card.UpdatedAt);
    }
}

/// <summary>A phone: <see cref="Number"/> is E.164, <see cref="Display"/> formatted; <see cref="Source"/> is its provenance.</summary>
internal sealed record PhoneView(Guid Id, Guid ContactId, string Number, string Display, string? Type, string Source, DateTimeOffset At);

/// <summary>An email as entered.</summary>
internal sealed record EmailView(Guid Id, Guid ContactId, string Address, string? Label, string Source, DateTimeOffset At);

internal sealed record SiteView(Guid Id, Guid ContactId, string Url, string Source, DateTimeOffset At);

internal sealed record SocialProfileView(Guid Id, Guid ContactId, string Network, string Url, string Source, DateTimeOffset At);

/// <summary>A messenger id: <see cref="Id"/> is the id on the messenger; the contact's own id is <see cref="ContactId"/>.</summary>
internal sealed record MessengerView(string Id, Guid ContactId, string Messenger, string Origin, DateTimeOffset At)
{
    /// <summary>Provenance, as for every other contact.</summary>
    public string Source => Origin;
}

/// <summary>An external id: <see cref="Source"/> is the system it belongs to; its provenance is <see cref="Origin"/>.</summary>
internal sealed record ExternalIdView(string Id, Guid ContactId, string Source, string Origin, DateTimeOffset At);

/// <summary>One contact of any kind, as the contacts sub-resource returns it.</summary>
internal sealed record ContactView(Guid Id, string Kind, string Value, string Display, string? Label, string Source, DateTimeOffset At)
{
    public Guid ContactId => Id;

    public static ContactView From(CardContact c) => new(c.Id, c.Kind, c.Value, c.Display, c.Label, c.Source, c.UpdatedAt);
}
