using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ModularDesk.Agents.Contracts;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.Clients.Contracts.Ports;
using ModularDesk.Clients.Contracts.CustomFields;
using ModularDesk.Clients.Contracts.CustomerTypes;
using ModularDesk.Clients.CustomFields;
using ModularDesk.Clients.Identities;

namespace ModularDesk.Clients.Cards;

/// <summary>
/// Applies a JSON body (the create body or a merge patch) to a card: validates every field with its path,
/// replaces contact lists kind by kind (keeping contacts that stay, with their ids and provenance), records
/// provenance per field and contact (C22), and lists the changes to publish. Used by the API and by imports.
/// </summary>
internal sealed partial class CardEditor(
    ContactNormalizer normalizer,
    IAgentDirectory agents,
    IEnumerable<IOrganizationLookup> organizations,
    ICustomFieldValidator customFieldValidator,
    ICustomerTypeCatalog customerTypes)
{
    public const int MaxCustomFieldsBytes = 65_536;

    /// <summary>The body's list fields and the contact kind each holds.</summary>
    public static readonly IReadOnlyList<(string Field, string Kind)> ContactLists =
    [
        ("phones", ContactKinds.Phone),
        ("emails", ContactKinds.Email),
        ("sites", ContactKinds.Site),
        ("socialProfiles", ContactKinds.Social),
        ("messengers", ContactKinds.Messenger),
        ("externalIds", ContactKinds.ExternalId),
    ];

    private static readonly string[] AddressTypes = ["home", "work", "mail", "other"];

    public async Task<CardEdit> ApplyAsync(
        ClientCard card, JsonObject body, EditContext context, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var edit = new CardEdit();
        var before = new JsonObject();
        var after = new JsonObject();

        foreach (var (key, value) in body)
        {
            switch (key)
            {
                case "name":
                    if (ReadText(value, key, ClientCard.MaxNameLength, errors, out var name))
                    {
                        if (string.IsNullOrWhiteSpace(name) && card.Name.Length == 0)
                        {
                            // Creating without a name: the card is named after its first contact.
                        }
                        else if (string.IsNullOrWhiteSpace(name))
                        {
                            errors.Add(key, "Required: a card needs a name (or, on creation, an email, phone, messenger id or external id to name it).");
                        }
                        else if (name != card.Name)
                        {
                            Record(key, card.Name.Length == 0 ? null : card.Name, name);
                            card.Name = name!;
                            edit.Renamed = true;
                        }
                    }

                    break;
                case "position":
                    SetText(key, ClientCard.MaxPositionLength, card.Position, v => card.Position = v);
                    break;
                case "note":
                    SetText(key, ClientCard.MaxNoteLength, card.Note, v => card.Note = v);
                    break;
                case "customerType":
                    // One of the admin's customer types (O8), stored as the admin wrote it; null clears. A type deleted
                    // later stays on the cards that have it until they are edited.
                    if (ReadText(value, key, ClientCard.MaxCustomerTypeLength, errors, out var customerType))
                    {
                        customerType = string.IsNullOrWhiteSpace(customerType) ? null : customerType.Trim();
                        if (customerType is not null && !string.Equals(customerType, card.CustomerType, StringComparison.OrdinalIgnoreCase))
                        {
                            var types = await customerTypes.ListAsync(cancellationToken);
                            var known = types.FirstOrDefault(t => string.Equals(t, customerType, StringComparison.OrdinalIgnoreCase));
                            if (known is null)
                            {
                                errors.Add(key, types.Count == 0
                                    ? "No customer types are configured (an admin adds them under /api/v1/customer-types); use null."
                                    : $"One of the configured customer types: {string.Join(", ", types)}; or null.");
                                break;
                            }

                            customerType = known;
                        }
                        else if (customerType is not null)
                        {
                            customerType = card.CustomerType; // the same type written in another case
                        }

                        if (customerType != card.CustomerType)
                        {
                            Record(key, card.CustomerType, customerType);
                            card.CustomerType = customerType;
                        }
                    }

                    break;
                case "avatarUrl":
                    if (ReadText(value, key, ClientCard.MaxUrlLength, errors, out var avatar))
                    {
                        avatar = string.IsNullOrWhiteSpace(avatar) ? null : avatar;
                        if (avatar is not null && (!Uri.TryCreate(avatar, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
                        {
                            errors.Add(key, "An absolute http(s) URL, or null.");
                        }
                        else if (avatar != card.AvatarUrl)
                        {
                            Record(key, card.AvatarUrl, avatar);
                            card.AvatarUrl = avatar;
                        }
                    }

                    break;
                case "language":
                    if (ReadText(value, key, 16, errors, out var language))
                    {
                        language = string.IsNullOrWhiteSpace(language) ? null : language.ToLowerInvariant();
                        if (language is not null && !LanguagePattern().IsMatch(language))
                        {
                            errors.Add(key, "A language code such as \"pl\" or \"pt-br\", or null.");
                        }
                        else if (language != card.Language)
                        {
                            Record(key, card.Language, language);
                            card.Language = language;
                        }
                    }

                    break;
                case "isSpammer":
                case "isVip":
                    if (value?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                    {
                        errors.Add(key, "Must be true or false.");
                        break;
                    }

                    var flag = value.GetValue<bool>();
                    var current = key == "isVip" ? card.IsVip : card.IsSpammer;
                    if (flag != current)
                    {
                        if (key == "isVip")
                        {
                            card.IsVip = flag;
                        }
                        else
                        {
                            card.IsSpammer = flag;
                        }

                        CardJson.SetProvenance(card, key, context.FieldSource);
                        edit.Changes.Add(new CardChange(
                            key == "isVip" ? "vipToggled" : "spamToggled",
                            key == "isVip" ? (flag ? "Marked as VIP" : "VIP mark removed") : (flag ? "Marked as spammer" : "Spammer mark removed"),
                            new JsonObject { [key] = current },
                            new JsonObject { [key] = flag }));
                    }

                    break;
                case "ownerAgentId":
                    if (ReadGuid(value, key, errors, out var owner) && owner != card.OwnerAgentId)
                    {
                        if (owner is { } ownerId && await agents.FindAgentAsync(ownerId, cancellationToken) is not { Active: true })
                        {
                            errors.Add(key, "No active agent has this id.");
                            break;
                        }

                        Record(key, card.OwnerAgentId, owner);
                        card.OwnerAgentId = owner;
                    }

                    break;
                case "organizationId":
                    if (ReadGuid(value, key, errors, out var organization) && organization != card.OrganizationId)
                    {
                        if (organization is { } organizationId && organizations.FirstOrDefault() is { } lookup
                            && !(await lookup.GetNamesAsync([organizationId], cancellationToken)).ContainsKey(organizationId))
                        {
                            errors.Add(key, "No organization has this id.");
                            break;
                        }

                        SetOrganization(card, organization, context, edit);
                    }

                    break;
                case "addresses":
                    ApplyAddresses(card, value, context, errors, edit);
                    break;
                case "customFields":
                    if (value is null)
                    {
                        SetCustomFields("{}");
                    }
                    else if (value is JsonObject fields)
                    {
                        var json = fields.ToJsonString();
                        if (json.Length > MaxCustomFieldsBytes)
                        {
                            errors.Add(key, $"At most {MaxCustomFieldsBytes} bytes of JSON.");
                        }
                        else if (await CardCustomFields.CheckAsync(customFieldValidator, fields, key, errors, cancellationToken))
                        {
                            SetCustomFields(json);
                        }
                    }
                    else
                    {
                        errors.Add(key, "Must be an object.");
                    }

                    break;
                default:
                    var list = ContactLists.FirstOrDefault(l => l.Field == key);
                    if (list.Field is not null)
                    {
                        ApplyContactList(card, list.Field, list.Kind, value, context, errors, edit);
                    }

                    // Read-only fields of the GET body (id, hidden, createdAt, provenance, …) may come back; ignored.
                    break;
            }
        }

        if (before.Count > 0)
        {
            edit.Changes.Insert(0, new CardChange("fieldChanged", "Changed " + string.Join(", ", after.Select(p => p.Key)), before, after));
        }

        return edit;

        void Record(string field, object? old, object? @new)
        {
            before[field] = JsonSerializer.SerializeToNode(old, CardJson.Options);
            after[field] = JsonSerializer.SerializeToNode(@new, CardJson.Options);
            CardJson.SetProvenance(card, field, context.FieldSource);
        }

        void SetText(string field, int maxLength, string? old, Action<string?> set)
        {
            if (ReadText(body[field], field, maxLength, errors, out var text))
            {
                text = string.IsNullOrWhiteSpace(text) ? null : text;
                if (text != old)
                {
                    Record(field, old, text);
                    set(text);
                }
            }
        }

        void SetCustomFields(string json)
        {
            if (JsonNode.DeepEquals(JsonNode.Parse(card.CustomFields), JsonNode.Parse(json)))
            {
                return;
            }

            before["customFields"] = JsonNode.Parse(card.CustomFields);
            after["customFields"] = JsonNode.Parse(json);
            CardJson.SetProvenance(card, "customFields", context.FieldSource);
            card.CustomFields = json;
        }
    }

    /// <summary>Moves the card to an organization (or out of any), recording the change and its provenance.</summary>
    public static void SetOrganization(ClientCard card, Guid? organizationId, EditContext context, CardEdit edit)
    {
        if (card.OrganizationId == organizationId)
        {
            return;
        }

        edit.OrganizationChanged = true;
        edit.OrganizationBefore = card.OrganizationId;
        edit.Changes.Add(new CardChange(
            "organizationChanged",
            organizationId is null ? "Left the organization" : "Joined an organization",
            new JsonObject { ["organizationId"] = card.OrganizationId?.ToString() },
            new JsonObject { ["organizationId"] = organizationId?.ToString() }));
        card.OrganizationId = organizationId;
        CardJson.SetProvenance(card, "organizationId", context.FieldSource);
    }

    /// <summary>Adds one validated contact to the card, with its identity and provenance.</summary>
    public static CardContact AddContact(ClientCard card, NormalizedContact normalized, EditContext context, CardEdit edit, Guid? channelId = null)
    {
        var contact = new CardContact
        {
            Id = Guid.CreateVersion7(),
            ClientId = card.Id,
            Seq = card.Contacts.Count == 0 ? 1 : card.Contacts.Max(c => c.Seq) + 1,
            Kind = normalized.Kind,
            Value = normalized.Value,
            Display = normalized.Display,
            Label = normalized.Label,
            Source = context.Source,
            SourceChannelId = channelId,
            CreatedAt = context.At,
            UpdatedAt = context.At,
        };
        if (normalized.Identity is { } identity)
        {
            contact.Identity = new Identity
            {
                Id = Guid.CreateVersion7(),
                ClientId = card.Id,
                ContactId = contact.Id,
                Kind = identity.Kind,
                Scope = identity.Scope,
                Key = identity.Key,
            };
        }

        card.Contacts.Add(contact);
        edit.AddedContacts.Add(contact);
        edit.Changes.Add(new CardChange("contactAdded", $"Added {normalized.Kind} {normalized.Display}", null, ContactJson(contact)));
        return contact;
    }

    public static JsonObject ContactJson(CardContact contact) => new()
    {
        ["contactId"] = contact.Id.ToString(),
        ["kind"] = contact.Kind,
        ["value"] = contact.Value,
        ["display"] = contact.Display,
        ["label"] = contact.Label,
        ["source"] = contact.Source,
    };

    /// <summary>Reads one contact list item (a string or an object with the kind's fields) into value and label.</summary>
    public static (string? Value, string? Label, string? Error) ReadContactItem(string kind, JsonNode? item)
    {
        var valueField = ContactNormalizer.ValueField(kind);
        var labelField = ContactNormalizer.LabelField(kind);
        if (item?.GetValueKind() == JsonValueKind.String)
        {
            return (item.GetValue<string>(), null, null);
        }

        if (item is not JsonObject obj)
        {
            return (null, null, $"Must be an object with \"{valueField}\"{(labelField is null ? "" : $" and \"{labelField}\"")}.");
        }

        string? Text(string field) => obj[field]?.GetValueKind() == JsonValueKind.String ? obj[field]!.GetValue<string>() : null;
        var value = Text(valueField) ?? (kind == ContactKinds.Site ? null : Text("value"));
        return (value, labelField is null ? null : Text(labelField), null);
    }

    /// <summary>Normalizes a contact, putting errors under <paramref name="path"/>.</summary>
    public NormalizedContact? Normalize(string kind, string? value, string? label, string path, ValidationErrors errors)
    {
        var itemErrors = new Dictionary<string, string>();
        var normalized = normalizer.Normalize(kind, value, label, itemErrors);
        foreach (var (field, message) in itemErrors)
        {
            errors.Add(path.Length == 0 ? field : $"{path}.{field}", message);
        }

        return normalized;
    }

    private void ApplyContactList(
        ClientCard card, string field, string kind, JsonNode? value, EditContext context, ValidationErrors errors, CardEdit edit)
    {
        if (value is not null and not JsonArray)
        {
            errors.Add(field, "Must be an array.");
            return;
        }

        var items = (JsonArray?)value ?? [];
        if (items.Count > ContactKinds.MaxPerKind)
        {
            errors.Add(field, $"At most {ContactKinds.MaxPerKind} per card.");
            return;
        }

        var wanted = new List<NormalizedContact>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"{field}[{i}]";
            var (raw, label, error) = ReadContactItem(kind, items[i]);
            if (error is not null)
            {
                errors.Add(path, error);
                continue;
            }

            var normalized = Normalize(kind, raw, label, path, errors);
            if (normalized is null)
            {
                continue;
            }

            if (!seen.Add(MatchKey(normalized)))
            {
                errors.Add($"{path}.{ContactNormalizer.ValueField(kind)}", "Listed twice.");
                continue;
            }

            wanted.Add(normalized);
        }

        if (!errors.IsEmpty)
        {
            return;
        }

        var existing = card.Contacts.Where(c => c.Kind == kind).ToList();
        foreach (var contact in existing)
        {
            var match = wanted.FirstOrDefault(w => MatchKey(w) == MatchKey(contact));
            if (match is null)
            {
                card.Contacts.Remove(contact);
                edit.Changes.Add(new CardChange("contactRemoved", $"Removed {kind} {contact.Display}", ContactJson(contact), null));
                continue;
            }

            wanted.Remove(match);
            if (match.Label != contact.Label || match.Display != contact.Display || match.Value != contact.Value)
            {
                var old = ContactJson(contact);
                contact.Label = match.Label;
                contact.Display = match.Display;
                contact.Value = match.Value;
                contact.Source = context.Source;
                contact.UpdatedAt = context.At;
                edit.Changes.Add(new CardChange("contactChanged", $"Changed {kind} {contact.Display}", old, ContactJson(contact)));
            }
        }

        foreach (var normalized in wanted)
        {
            AddContact(card, normalized, context, edit);
        }
    }

    private static string MatchKey(NormalizedContact c) => c.Identity?.Key ?? c.Value;

    private static string MatchKey(CardContact c) => c.Identity?.Key ?? c.Value;

    private static void ApplyAddresses(ClientCard card, JsonNode? value, EditContext context, ValidationErrors errors, CardEdit edit)
    {
        if (value is not null and not JsonArray)
        {
            errors.Add("addresses", "Must be an array.");
            return;
        }

        var items = (JsonArray?)value ?? [];
        if (items.Count > ContactKinds.MaxPerKind)
        {
            errors.Add("addresses", $"At most {ContactKinds.MaxPerKind} per card.");
            return;
        }

        var addresses = new List<CardAddress>();
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"addresses[{i}]";
            if (items[i] is not JsonObject obj)
            {
                errors.Add(path, "Must be an object.");
                continue;
            }

            var ok = true;
            string? Text(string field, int max)
            {
                var node = obj[field];
                if (node is null)
                {
                    return null;
                }

                if (node.GetValueKind() != JsonValueKind.String)
                {
                    errors.Add($"{path}.{field}", "Must be a string.");
                    ok = false;
                    return null;
                }

                var text = node.GetValue<string>().Trim();
                if (text.Length > max)
                {
                    errors.Add($"{path}.{field}", $"At most {max} characters.");
                    ok = false;
                }

                return text.Length == 0 ? null : text;
            }

            var type = Text("type", 20)?.ToLowerInvariant() ?? "other";
            if (!AddressTypes.Contains(type))
            {
                errors.Add($"{path}.type", $"One of {string.Join(", ", AddressTypes)}.");
                ok = false;
            }

            var lines = new List<string>();
            if (obj["lines"] is JsonArray lineArray)
            {
                if (lineArray.Count > 5)
                {
                    errors.Add($"{path}.lines", "At most 5 lines.");
                    ok = false;
                }

                for (var j = 0; j < lineArray.Count && j < 5; j++)
                {
                    if (lineArray[j]?.GetValueKind() != JsonValueKind.String || lineArray[j]!.GetValue<string>().Length > 200)
                    {
                        errors.Add($"{path}.lines[{j}]", "A string of at most 200 characters.");
                        ok = false;
                    }
                    else if (lineArray[j]!.GetValue<string>().Trim() is { Length: > 0 } line)
                    {
                        lines.Add(line);
                    }
                }
            }
            else if (obj["lines"] is not null)
            {
                errors.Add($"{path}.lines", "Must be an array of strings.");
                ok = false;
            }

            var address = new CardAddress(type, lines, Text("city", 200), Text("region", 200), Text("postalCode", 40), Text("country", 100));
            if (ok)
            {
                addresses.Add(address);
            }
        }

        if (!errors.IsEmpty)
        {
            return;
        }

        var json = JsonSerializer.Serialize(addresses, CardJson.Options);
        if (JsonNode.DeepEquals(JsonNode.Parse(card.Addresses), JsonNode.Parse(json)))
        {
            return;
        }

        edit.Changes.Add(new CardChange(
            "fieldChanged", "Changed addresses", new JsonObject { ["addresses"] = JsonNode.Parse(card.Addresses) }, new JsonObject { ["addresses"] = JsonNode.Parse(json) }));
        card.Addresses = json;
        CardJson.SetProvenance(card, "addresses", context.FieldSource);
    }

    private static bool ReadText(JsonNode? value, string field, int maxLength, ValidationErrors errors, out string? text)
    {
        text = null;
        if (value is null)
        {
            return true;
        }

        if (value.GetValueKind() != JsonValueKind.String)
        {
            errors.Add(field, "Must be a string or null.");
            return false;
        }

        text = value.GetValue<string>().Trim();
        if (text.Length > maxLength)
        {
            errors.Add(field, $"At most {maxLength} characters.");
            return false;
        }

        return true;
    }

    private static bool ReadGuid(JsonNode? value, string field, ValidationErrors errors, out Guid? id)
    {
        id = null;
        if (value is null)
        {
            return true;
        }

        if (value.GetValueKind() == JsonValueKind.String && Guid.TryParse(value.GetValue<string>(), out var parsed))
        {
            id = parsed;
            return true;
        }

        errors.Add(field, "Must be an id (UUID) or null.");
        return false;
    }

    [GeneratedRegex(@"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")]
    private static partial Regex LanguagePattern();
}
