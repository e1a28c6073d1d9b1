using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.Clients.Contracts.CustomFields;
using ModularDesk.Clients.Persistence;

namespace ModularDesk.Clients.CustomFields;

/// <summary>Checks a <c>customFields</c> object against the defined fields of an entity, one error per bad key.</summary>
internal sealed class CustomFieldValidator(ClientsDbContext db) : ICustomFieldValidator
{
    public const int MaxFields = 200;

    public async Task<IReadOnlyDictionary<string, string[]>> ValidateAsync(
        string entity, JsonElement values, string path = "customFields", CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        if (values.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return errors.ToDictionary().AsReadOnly();
        }

        if (values.ValueKind != JsonValueKind.Object)
        {
            return errors.Add(path, "Must be an object of custom field keys and values.").ToDictionary().AsReadOnly();
        }

        var definitions = await db.Set<CustomFieldDefinition>().AsNoTracking()
            .Where(f => f.Entity == entity)
            .ToDictionaryAsync(f => f.Key, StringComparer.Ordinal, cancellationToken);
        var count = 0;
        foreach (var property in values.EnumerateObject())
        {
            if (++count > MaxFields)
            {
                errors.Add(path, $"At most {MaxFields} custom fields.");
                break;
            }

            var fieldPath = $"{path}.{property.Name}";
            if (!definitions.TryGetValue(property.Name, out var definition))
            {
                errors.Add(fieldPath, $"No custom field '{property.Name}' is defined for {entity} cards.");
                continue;
            }

            if (FieldTypes.Check(property.Value, definition.Type, definition.Options) is { } problem)
            {
                errors.Add(fieldPath, $"{definition.Label} ({definition.Type}): {problem}");
            }
        }

        return errors.ToDictionary().AsReadOnly();
    }
}
