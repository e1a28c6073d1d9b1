using System.Text.Json;
using System.Text.Json.Nodes;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.Clients.CustomFields;

namespace ModularDesk.Clients.FieldGroups;

/// <summary>Reading a group's field list and checking, merging and storing record values.</summary>
internal static class FieldGroupJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<GroupField> Fields(FieldGroup group) =>
        JsonSerializer.Deserialize<List<GroupField>>(group.Fields, Options) ?? [];

    public static string Serialize(IReadOnlyList<GroupField> fields) => JsonSerializer.Serialize(fields, Options);

    /// <summary>Checks every value against the group's fields; errors are named <c>values.&lt;key&gt;</c>.</summary>
    public static ValidationErrors CheckValues(JsonElement values, IReadOnlyList<GroupField> fields, ValidationErrors errors)
    {
        if (values.ValueKind != JsonValueKind.Object)
        {
            return errors.Add("values", "Must be an object of field keys and values.");
        }

        foreach (var property in values.EnumerateObject())
        {
            var field = fields.FirstOrDefault(f => f.Key == property.Name);
            if (field is null)
            {
                errors.Add($"values.{property.Name}", $"The group has no field '{property.Name}'.");
            }
            else if (FieldTypes.Check(property.Value, field.Type, field.Options) is { } problem)
            {
                errors.Add($"values.{property.Name}", $"{field.Label} ({field.Type}): {problem}");
            }
        }

        return errors;
    }

    /// <summary>The stored values with the patch applied: a null removes the value, anything else replaces it.</summary>
    public static string Merge(string stored, JsonElement patch)
    {
        var target = JsonNode.Parse(stored)?.AsObject() ?? [];
        foreach (var property in patch.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                target.Remove(property.Name);
            }
            else
            {
                target[property.Name] = JsonNode.Parse(property.Value.GetRawText());
            }
        }

        return target.ToJsonString();
    }

    /// <summary>A new record's values without the nulls (a null value is simply not there).</summary>
    public static string WithoutNulls(JsonElement values) => Merge("{}", values);
}
