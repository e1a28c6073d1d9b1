using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Contracts;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.Clients.Cards;
using ModularDesk.Clients.Contracts.CustomFields;
using ModularDesk.Clients.Contracts.Ports;
using ModularDesk.Clients.CustomFields;
using ModularDesk.Clients.Identities;
using ModularDesk.Clients.Persistence;

namespace ModularDesk.Clients.ImportExport;

/// <summary>
/// CSV import (C21): each row becomes a card body and goes through the same <see cref="CardEditor"/> as the API
/// (same validation, provenance <c>import</c>, same events). A row whose id or identities (email, phone, messenger
/// id, external id) match one card updates it, adding its new contacts and keeping the others; matching two cards
/// is a row error. Each row commits alone, so a bad row costs only itself. A dry run does everything but save.
/// </summary>
internal sealed class ClientImport(
    ClientsDbContext db, CardEditor editor, ContactNormalizer normalizer, IEnumerable<IOrganizationLookup> organizations, TimeProvider clock)
{
    public const int MaxRows = 10_000;

    private static readonly string[] ListSeparators = [";", "\n"];

    public async Task<ImportResult> RunAsync(
        string text, string encoding, IReadOnlyDictionary<string, string?>? mapping, bool dryRun, ChangeActor actor, CancellationToken cancellationToken)
    {
        var definitions = await db.Set<CustomFieldDefinition>().AsNoTracking()
            .Where(f => f.Entity == CustomFieldEntities.Client).ToDictionaryAsync(f => f.Key, cancellationToken);
        var customKeys = definitions.Keys.ToHashSet(StringComparer.Ordinal);
        var errors = new List<ImportError>();
        var ignored = new List<string>();
        var (created, updated, skipped) = (0, 0, 0);
        ImportColumn?[]? columns = null;

        // Identities created earlier in this import (a dry run saves nothing, so the database cannot say).
        var claimedInThisImport = new HashSet<string>(StringComparer.Ordinal);
        var rows = 0;
        foreach (var row in CsvRows.Read(text))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (columns is null)
            {
                if (row.Fields is null)
                {
                    errors.Add(new ImportError(row.Line, "The header row could not be read."));
                    return new ImportResult(dryRun, encoding, 0, 0, 0, errors, ignored);
                }

                columns = row.Fields.Select(header =>
                {
                    var target = mapping is null ? header : mapping.GetValueOrDefault(header.Trim());
                    var column = ImportColumn.Parse(target, customKeys);
                    if (column is null)
                    {
                        ignored.Add(header);
                    }

                    return column;
                }).ToArray();
                continue;
            }

            if (++rows > MaxRows)
            {
                errors.Add(new ImportError(row.Line, $"An import takes at most {MaxRows} rows; this row and the rest were not read."));
                break;
            }

            if (row.Fields is null)
            {
                errors.Add(new ImportError(row.Line, row.Error!));
                skipped++;
                continue;
            }

            var outcome = await ImportRowAsync(row, columns, definitions, claimedInThisImport, dryRun, actor, cancellationToken);
            switch (outcome)
            {
                case { Error: { } error }:
                    errors.Add(new ImportError(row.Line, error));
                    skipped++;
                    break;
                case { Created: true }:
                    created++;
                    break;
                case { Changed: true }:
                    updated++;
                    break;
                default:
                    skipped++;
                    break;
            }
        }

        return new ImportResult(dryRun, encoding, created, updated, skipped, errors, ignored);
    }

    private async Task<RowOutcome> ImportRowAsync(
        CsvRow row, ImportColumn?[] columns, IReadOnlyDictionary<string, CustomFieldDefinition> definitions, HashSet<string> claimed,
        bool dryRun, ChangeActor actor, CancellationToken cancellationToken)
    {
        var body = new JsonObject();
        var contacts = new List<(string Kind, string Value, string? Scope)>();
        var customFields = new JsonObject();
        Guid? id = null;
        for (var i = 0; i < columns.Length && i < row.Fields!.Length; i++)
        {
            var column = columns[i];
            var cell = Unescape(row.Fields[i]);
            if (column is null || cell.Length == 0)
            {
                continue;
            }

            switch (column.Field)
            {
                case "id":
                    if (!Guid.TryParse(cell, out var parsed))
                    {
                        return RowOutcome.Failed($"id: '{cell}' is not a card id.");
                    }

                    id = parsed;
                    break;
                case "email" or "phone" or "site":
                    contacts.AddRange(Split(cell).Select(v => (column.Field, v, (string?)null)));
                    break;
                case "messenger" or "externalId":
                    foreach (var value in Split(cell))
                    {
                        var scoped = column.Scope is not null ? (column.Scope, value) : SplitScope(value);
                        if (scoped is not ({ } scope, { } scopedValue))
                        {
                            return RowOutcome.Failed($"{column.Field}: write it as '<{(column.Field == "messenger" ? "messenger" : "source")}>:<id>' or name the column '{column.Field}.<name>'.");
                        }

                        contacts.Add((column.Field, scopedValue, scope));
                    }

                    break;
                case "isVip" or "isSpammer":
                    if (ReadBoolean(cell) is not { } flag)
                    {
                        return RowOutcome.Failed($"{column.Field}: '{cell}' is not yes/no.");
                    }

                    body[column.Field] = flag;
                    break;
                case "organization":
                    var organizationId = await FindOrganizationAsync(cell, cancellationToken);
                    if (organizationId is null)
                    {
                        return RowOutcome.Failed($"organization: no organization is named '{cell}'.");
                    }

                    body["organizationId"] = organizationId.Value.ToString();
                    break;
                case "customFields":
                    customFields[column.Scope!] = definitions.TryGetValue(column.Scope!, out var definition) ? CustomValue(cell, definition) : cell;
                    break;
                default:
                    body[column.Field] = cell;
                    break;
            }
        }

        if (customFields.Count > 0)
        {
            body["customFields"] = customFields;
        }

        // Which card the row is about: its id, else the one card owning any of its identities.
        var keys = new List<string>();
        foreach (var (kind, value, scope) in contacts)
        {
            if (kind != ContactKinds.Site && normalizer.Normalize(kind, value, scope, new Dictionary<string, string>())?.Identity is { } identity)
            {
                keys.Add($"{identity.Kind}|{identity.Scope}|{identity.Key}");
            }
        }

        var owners = await db.Identities.AsNoTracking()
            .Where(i => keys.Contains(i.Kind + "|" + i.Scope + "|" + i.Key))
            .Select(i => i.ClientId).Distinct().ToListAsync(cancellationToken);
        if (id is { } cardId)
        {
            if (owners.Any(o => o != cardId))
            {
                return RowOutcome.Failed($"An email, phone or id of this row belongs to another card ({string.Join(", ", owners.Where(o => o != cardId))}).");
            }

            owners = [cardId];
        }
        else if (owners.Count > 1)
        {
            return RowOutcome.Failed($"The row matches several cards ({string.Join(", ", owners)}); merge them first or split the row.");
        }

        var existing = owners.Count == 1 ? await CardEndpoints.LoadAsync(db, owners[0], tracking: !dryRun, cancellationToken) : null;
        if (id is not null && existing is null)
        {
            return RowOutcome.Failed($"id: no card has the id {id}.");
        }

        if (existing is null && dryRun && keys.Any(claimed.Contains))
        {
            // A card an earlier row of this dry run would have created.
            keys.ForEach(k => claimed.Add(k));
            return RowOutcome.Updated;
        }

        var context = new EditContext(Sources.Import, actor, clock.GetUtcNow());
        var errors = new ValidationErrors();
        var card = existing ?? new ClientCard { Id = Guid.CreateVersion7(), CreatedAt = context.At, UpdatedAt = context.At };
        AddContactLists(body, card, contacts);
        if (existing is not null && body["customFields"] is JsonObject incoming)
        {
            var merged = JsonNode.Parse(existing.CustomFields)?.AsObject() ?? [];
            foreach (var (key, value) in incoming)
            {
                merged[key] = value?.DeepClone();
            }

            body["customFields"] = merged;
        }

        var edit = await editor.ApplyAsync(card, body, context, errors, cancellationToken);
        if (existing is null && errors.IsEmpty && card.Name.Length == 0)
        {
            if (!CardNaming.HasIdentifyingContact(card))
            {
                errors.Add("name", "Give a name, or at least one email, phone, messenger id or external id.");
            }
            else
            {
                card.Name = CardNaming.NameFromContacts(card)!;
                CardJson.SetProvenance(card, "name", context.FieldSource);
            }
        }

        if (!errors.IsEmpty)
        {
            db.ChangeTracker.Clear();
            return RowOutcome.Failed(string.Join(" ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        }

        keys.ForEach(k => claimed.Add(k));
        if (dryRun)
        {
            return existing is null ? RowOutcome.New : edit.Changes.Count > 0 ? RowOutcome.Updated : RowOutcome.Unchanged;
        }

        if (existing is null)
        {
            db.Cards.Add(card);
            CardEvents.PublishCreated(db, card, context);
        }
        else if (edit.Changes.Count > 0)
        {
            card.UpdatedAt = context.At;
            CardEvents.PublishEdit(db, card, edit, context);
        }
        else
        {
            db.ChangeTracker.Clear();
            return RowOutcome.Unchanged;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return existing is null ? RowOutcome.New : RowOutcome.Updated;
        }
        catch (DbUpdateException e) when (IdentityConflict.IsViolation(e))
        {
            return RowOutcome.Failed("An email, phone or id of this row belongs to another card (it was added while importing).");
        }
        catch (DbUpdateConcurrencyException)
        {
            return RowOutcome.Failed("The card changed while it was imported; import the row again.");
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// The row's contacts as the body's lists; for an existing card its contacts come first, so they stay, and a row
    /// value that is already there (same identity, however written) is not added twice.
    /// </summary>
    private void AddContactLists(JsonObject body, ClientCard card, List<(string Kind, string Value, string? Scope)> contacts)
    {
        foreach (var (field, kind) in CardEditor.ContactLists)
        {
            var fresh = contacts.Where(c => c.Kind == kind).ToList();
            if (fresh.Count == 0)
            {
                continue;
            }

            var list = new JsonArray();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var contact in card.Contacts.Where(c => c.Kind == kind).OrderBy(c => c.CreatedAt))
            {
                list.Add(ContactNode(kind, contact.Kind == ContactKinds.Site ? contact.Display : contact.Value, contact.Label));
                seen.Add(contact.Identity is { } identity ? $"{identity.Kind}|{identity.Scope}|{identity.Key}" : contact.Value);
                seen.Add(contact.Display);
            }

            foreach (var (_, value, scope) in fresh)
            {
                var key = normalizer.Normalize(kind, value, scope, new Dictionary<string, string>()) is { Identity: { } identity }
                    ? $"{identity.Kind}|{identity.Scope}|{identity.Key}"
                    : value;
                if (seen.Add(key))
                {
                    list.Add(ContactNode(kind, value, scope));
                }
            }

            body[field] = list;
        }
    }

    private static JsonNode ContactNode(string kind, string value, string? label)
    {
        if (kind == ContactKinds.Site)
        {
            return JsonValue.Create(value);
        }

        var node = new JsonObject { [ContactNormalizer.ValueField(kind)] = value };
        if (label is not null && ContactNormalizer.LabelField(kind) is { } labelField)
        {
            node[labelField] = label;
        }

        return node;
    }

    private async Task<Guid?> FindOrganizationAsync(string name, CancellationToken cancellationToken)
    {
        if (organizations.FirstOrDefault() is not { } lookup)
        {
            return null;
        }

        var candidates = await lookup.SearchByNameAsync(name, 5, cancellationToken);
        var names = await lookup.GetNamesAsync(candidates, cancellationToken);
        return names.FirstOrDefault(n => string.Equals(n.Value.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase)) is { Key: var found } match
               && match.Value is not null
            ? found
            : null;
    }

    /// <summary>A cell typed as its custom field expects; a value that does not convert is kept as text for the validator to name.</summary>
    private static JsonNode? CustomValue(string cell, CustomFieldDefinition definition) => definition.Type switch
    {
        FieldTypes.Number when decimal.TryParse(cell.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var number) =>
            JsonValue.Create(number),
        FieldTypes.Boolean when ReadBoolean(cell) is { } flag => JsonValue.Create(flag),
        FieldTypes.Multiselect => new JsonArray(Split(cell).Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
        _ => JsonValue.Create(cell),
    };

    private static bool? ReadBoolean(string cell) => cell.Trim().ToLowerInvariant() switch
    {
        "true" or "yes" or "y" or "1" or "tak" or "ja" or "oui" or "sí" or "si" or "да" => true,
        "false" or "no" or "n" or "0" or "nie" or "nein" or "non" or "нет" => false,
        _ => null,
    };

    private static IEnumerable<string> Split(string cell) =>
        cell.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static (string? Scope, string? Value) SplitScope(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon < value.Length - 1 ? (value[..colon].Trim(), value[(colon + 1)..].Trim()) : (null, null);
    }

    /// <summary>Our export writes formula-looking cells with a leading apostrophe; importing the file takes it off again.</summary>
    private static string Unescape(string cell)
    {
        var value = cell.Trim();
        return value.Length > 1 && value[0] == '\'' && value[1] is '=' or '+' or '-' or '@' or '\t' or '\r' ? value[1..] : value;
    }

    private sealed record RowOutcome(bool Created, bool Changed, string? Error)
    {
        public static readonly RowOutcome New = new(true, true, null);
        public static readonly RowOutcome Updated = new(false, true, null);
        public static readonly RowOutcome Unchanged = new(false, false, null);

        public static RowOutcome Failed(string error) => new(false, false, error);
    }
}
