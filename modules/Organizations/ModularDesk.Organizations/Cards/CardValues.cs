using System.Text.Json.Nodes;

namespace ModularDesk.Organizations.Cards;

/// <summary>The editable fields of an organization card, validated.</summary>
internal sealed record CardValues(
    string Name,
    IReadOnlyList<string> Domains,
    string? Note,
    Guid? OwnerAgentId,
    bool IsVip,
    string? CustomerType,
    IReadOnlyList<string> Sites,
    IReadOnlyList<PhoneEntry> Phones,
    AddressEntry? Address,
    JsonObject CustomFields);

/// <summary>A phone of the organization as entered, with its type.</summary>
internal sealed record PhoneEntry(string Number, string Type)
{
    public static readonly string[] Types = ["mobile", "home", "work", "landline", "fax", "other"];
}

/// <summary>The organization's address.</summary>
internal sealed record AddressEntry(string? Type, IReadOnlyList<string> Lines, string? City, string? PostalCode, string? Country)
{
    public static readonly string[] Types = ["home", "work", "mail", "other"];
}
