using System.Text.Json;
using System.Text.Json.Nodes;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.Organizations.Domains;

namespace ModularDesk.Organizations.Cards;

/// <summary>
/// An organization card as one JSON object of its editable fields: what a merge patch applies to, what
/// validation reads (naming each bad field by its path), and what change events compare before and after.
/// </summary>
internal static class CardDocument
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Fields of the GET body a client may send back unchanged; they are ignored, not rejected.</summary>
    private static readonly HashSet<string> ReadOnlyFields =
        ["id", "automatic", "createdAt", "updatedAt", "domainCandidates"];

    private static readonly HashSet<string> EditableFields =
        ["name", "domains", "note", "ownerAgentId", "isVip", "customerType", "sites", "phones", "address", "customFields"];

    public static JsonObject From(Organization organization) => From(ValuesOf(organization));

    public static JsonObject From(CardValues values) => new()
    {
        ["name"] = values.Name,
        ["domains"] = JsonSerializer.SerializeToNode(values.Domains, Json),
        ["note"] = values.Note,
        ["ownerAgentId"] = values.OwnerAgentId?.ToString(),
        ["isVip"] = values.IsVip,
        ["customerType"] = values.CustomerType,
        ["sites"] = JsonSerializer.SerializeToNode(values.Sites, Json),
        ["phones"] = JsonSerializer.SerializeToNode(values.Phones, Json),
        ["address"] = values.Address is null ? null : JsonSerializer.SerializeToNode(values.Address, Json),
        ["customFields"] = values.CustomFields.DeepClone(),
    };

    public static CardValues ValuesOf(Organization organization) => new(
        organization.Name,
        organization.Domains.Select(d => d.Domain).Order(StringComparer.Ordinal).ToList(),
        organization.Note,
        organization.OwnerAgentId,
        organization.IsVip,
        organization.CustomerType,
        JsonSerializer.Deserialize<List<string>>(organization.Sites, Json) ?? [],
        JsonSerializer.Deserialize<List<PhoneEntry>>(organization.Phones, Json) ?? [],
        organization.Address is null ? null : JsonSerializer.Deserialize<AddressEntry>(organization.Address, Json),
        JsonNode.Parse(organization.CustomFields) as JsonObject ?? []);

    /// <summary>Writes validated values to the entity (domains are reconciled by the caller).</summary>
    public static void Apply(CardValues values, Organization organization)
    {
        organization.Name = values.Name;
        organization.SearchName = OrganizationRules.SearchKey(values.Name);
        organization.Note = values.Note;
        organization.OwnerAgentId = values.OwnerAgentId;
        organization.IsVip = values.IsVip;
        organization.CustomerType = values.CustomerType;
        organization.Sites = JsonSerializer.Serialize(values.Sites, Json);
        organization.Phones = JsonSerializer.Serialize(values.Phones, Json);
        organization.Address = values.Address is null ? null : JsonSerializer.Serialize(values.Address, Json);
        organization.CustomFields = values.CustomFields.ToJsonString();
    }

    /// <summary>The keys of <paramref name="body"/> that are neither editable nor read-only (reported as errors).</summary>
    public static IEnumerable<string> UnknownFields(JsonObject body) =>
        body.Select(p => p.Key).Where(key => !EditableFields.Contains(key) && !ReadOnlyFields.Contains(key));

    /// <summary>Drops the read-only fields a client echoed back, so a GET body can be PATCHed as is.</summary>
    public static JsonObject WithoutReadOnly(JsonObject body)
    {
        var copy = (JsonObject)body.DeepClone();
        foreach (var key in ReadOnlyFields)
        {
            copy.Remove(key);
        }

        return copy;
    }

    /// <summary>Reads and checks every field of <paramref name="document"/>; null when <paramref name="errors"/> got any.</summary>
    public static CardValues? Read(JsonObject document, ValidationErrors errors)
    {
        foreach (var key in UnknownFields(document))
        {
            errors.Add(key, "Unknown field.");
        }

        var name = String(document, "name", errors, OrganizationRules.MaxNameLength, required: true);
        var note = String(document, "note", errors, OrganizationRules.MaxNoteLength);
        var customerType = String(document, "customerType", errors, 100);
        var owner = OwnerAgentId(document, errors);
        var isVip = Bool(document, "isVip", errors);
        var domains = Domains(document, errors);
        var sites = Sites(document, errors);
        var phones = Phones(document, errors);
        var address = Address(document, errors);
        var customFields = CustomFields(document, errors);
        return errors.IsEmpty
            ? new CardValues(name!, domains, note, owner, isVip, customerType, sites, phones, address, customFields)
            : null;
    }

    private static string? String(JsonObject document, string field, ValidationErrors errors, int maxLength, bool required = false)
    {
        var node = document[field];
        if (node is null)
        {
            if (required)
            {
                errors.Add(field, "Required.");
            }

            return null;
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            errors.Add(field, "Must be a string.");
            return null;
        }

        var value = node.GetValue<string>().Trim();
        if (value.Length == 0)
        {
            if (required)
            {
                errors.Add(field, "Required.");
            }

            return null;
        }

        if (value.Length > maxLength)
        {
            errors.Add(field, $"At most {maxLength} characters.");
            return null;
        }

        return value;
    }

    private static bool Bool(JsonObject document, string field, ValidationErrors errors)
    {
        var node = document[field];
        if (node is null)
        {
            return false;
        }

        if (node.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return node.GetValue<bool>();
        }

        errors.Add(field, "Must be true or false.");
        return false;
    }

    private static Guid? OwnerAgentId(JsonObject document, ValidationErrors errors)
    {
        var node = document["ownerAgentId"];
        if (node is null)
        {
            return null;
        }

        if (node.GetValueKind() == JsonValueKind.String && Guid.TryParse(node.GetValue<string>(), out var id))
        {
            return id;
        }

        errors.Add("ownerAgentId", "Must be an agent id.");
        return null;
    }

    private static List<string> Domains(JsonObject document, ValidationErrors errors)
    {
        var domains = new List<string>();
        if (!StringArray(document, "domains", errors, OrganizationRules.MaxDomains, out var values))
        {
            return domains;
        }

        for (var i = 0; i < values.Count; i++)
        {
            var domain = DomainName.Normalize(values[i]);
            if (domain is null)
            {
                errors.Add($"domains[{i}]", "Not an email domain (like acme.com).");
            }
            else if (domains.Contains(domain))
            {
                errors.Add($"domains[{i}]", $"{domain} is listed twice.");
            }
            else
            {
                domains.Add(domain);
            }
        }

        return domains;
    }

    private static List<string> Sites(JsonObject document, ValidationErrors errors)
    {
        var sites = new List<string>();
        if (!StringArray(document, "sites", errors, OrganizationRules.MaxSites, out var values))
        {
            return sites;
        }

        for (var i = 0; i < values.Count; i++)
        {
            var site = values[i].Trim();
            if (!site.Contains("://", StringComparison.Ordinal))
            {
                site = "https://" + site;
            }

            if (site.Length > 2000
                || !Uri.TryCreate(site, UriKind.Absolute, out var uri)
                || uri.Scheme is not ("http" or "https")
                || !uri.Host.Contains('.', StringComparison.Ordinal))
            {
                errors.Add($"sites[{i}]", "Not a web address.");
            }
            else
            {
                sites.Add(site);
            }
        }

        return sites;
    }

    private static List<PhoneEntry> Phones(JsonObject document, ValidationErrors errors)
    {
        var phones = new List<PhoneEntry>();
        var node = document["phones"];
        if (node is null)
        {
            return phones;
        }

        if (node is not JsonArray array || array.Count > OrganizationRules.MaxPhones)
        {
            errors.Add("phones", $"Must be an array of at most {OrganizationRules.MaxPhones} phones.");
            return phones;
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject phone)
            {
                errors.Add($"phones[{i}]", "Must be an object { number, type }.");
                continue;
            }

            var number = phone["number"]?.GetValueKind() == JsonValueKind.String ? phone["number"]!.GetValue<string>().Trim() : null;
            var digits = number?.Count(char.IsAsciiDigit) ?? 0;
            if (number is null || number.Length > 50 || digits < 3
                || number.Any(c => !char.IsAsciiDigit(c) && c is not (' ' or '+' or '-' or '(' or ')' or '.' or '/')))
            {
                errors.Add($"phones[{i}].number", "Not a phone number.");
                continue;
            }

            var type = phone["type"] is null ? "work" : phone["type"]!.GetValueKind() == JsonValueKind.String ? phone["type"]!.GetValue<string>() : null;
            if (type is null || !PhoneEntry.Types.Contains(type))
            {
                errors.Add($"phones[{i}].type", $"One of {string.Join(", ", PhoneEntry.Types)}.");
                continue;
            }

            phones.Add(new PhoneEntry(number, type));
        }

        return phones;
    }

    private static AddressEntry? Address(JsonObject document, ValidationErrors errors)
    {
        var node = document["address"];
        if (node is null)
        {
            return null;
        }

        if (node is not JsonObject address)
        {
            errors.Add("address", "Must be an object { type, lines, city, postalCode, country }.");
            return null;
        }

        foreach (var key in address.Select(p => p.Key))
        {
            if (key is not ("type" or "lines" or "city" or "postalCode" or "country"))
            {
                errors.Add($"address.{key}", "Unknown field.");
            }
        }

        var type = String(address, "type", errors, 20);
        if (type is not null && !AddressEntry.Types.Contains(type))
        {
            errors.Add("address.type", $"One of {string.Join(", ", AddressEntry.Types)}.");
        }

        var lines = new List<string>();
        if (StringArray(address, "lines", errors, 5, out var values, "address.lines"))
        {
            for (var i = 0; i < values.Count; i++)
            {
                if (values[i].Length > 200)
                {
                    errors.Add($"address.lines[{i}]", "At most 200 characters.");
                }
                else if (!string.IsNullOrWhiteSpace(values[i]))
                {
                    lines.Add(values[i].Trim());
                }
            }
        }

        var city = String(address, "city", errors, 200);
        var postalCode = String(address, "postalCode", errors, 20);
        var country = String(address, "country", errors, 100);
        return new AddressEntry(type, lines, city, postalCode, country);
    }

    private static JsonObject CustomFields(JsonObject document, ValidationErrors errors)
    {
        var node = document["customFields"];
        if (node is null)
        {
            return [];
        }

        if (node is not JsonObject fields || fields.Count > OrganizationRules.MaxCustomFields)
        {
            errors.Add("customFields", $"Must be an object of at most {OrganizationRules.MaxCustomFields} fields.");
            return [];
        }

        foreach (var (key, value) in fields)
        {
            if (key.Length is 0 or > 100)
            {
                errors.Add("customFields", "Field keys are 1 to 100 characters.");
            }
            else if (value is JsonObject)
            {
                errors.Add($"customFields.{key}", "Must be a text, number, date, boolean or a list of options.");
            }
        }

        return (JsonObject)fields.DeepClone();
    }

    private static bool StringArray(
        JsonObject document, string field, ValidationErrors errors, int maxCount, out List<string> values, string? path = null)
    {
        values = [];
        path ??= field;
        var node = document[field];
        if (node is null)
        {
            return false;
        }

        if (node is not JsonArray array || array.Count > maxCount)
        {
            errors.Add(path, $"Must be an array of at most {maxCount} strings.");
            return false;
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (array[i]?.GetValueKind() != JsonValueKind.String)
            {
                errors.Add($"{path}[{i}]", "Must be a string.");
                return false;
            }

            values.Add(array[i]!.GetValue<string>());
        }

        return true;
    }
}
