using System.Globalization;
using System.Text.Json;

namespace ModularDesk.Clients.CustomFields;

/// <summary>The value types of custom fields and of the fields of special-field groups, and what a value of each looks like.</summary>
internal static class FieldTypes
{
    public const string Text = "text";
    public const string Number = "number";
    public const string Date = "date";
    public const string Boolean = "boolean";
    public const string Select = "select";
    public const string Multiselect = "multiselect";

    public const int MaxTextLength = 10_000;

    public static readonly string[] All = [Text, Number, Date, Boolean, Select, Multiselect];

    public static bool HasOptions(string type) => type is Select or Multiselect;

    /// <summary>Why <paramref name="value"/> is not a value of the field, or null when it is (null always is: it clears the field).</summary>
    public static string? Check(JsonElement value, string type, IReadOnlyList<string> options) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => type switch
        {
            Text => value.ValueKind != JsonValueKind.String ? "Must be text."
                : value.GetString()!.Length > MaxTextLength ? $"At most {MaxTextLength} characters." : null,
            Number => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out _) ? null : "Must be a number.",
            Date => value.ValueKind == JsonValueKind.String &&
                    DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                ? null
                : "Must be a date written yyyy-MM-dd.",
            Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : "Must be true or false.",
            Select => value.ValueKind == JsonValueKind.String && options.Contains(value.GetString()!, StringComparer.Ordinal)
                ? null
                : $"Must be one of: {string.Join(", ", options)}.",
            Multiselect => CheckMultiselect(value, options),
            _ => "The field has an unknown type.",
        },
    };

    private static string? CheckMultiselect(JsonElement value, IReadOnlyList<string> options)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return $"Must be a list of options from: {string.Join(", ", options)}.";
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !options.Contains(item.GetString()!, StringComparer.Ordinal))
            {
                return $"Every item must be one of: {string.Join(", ", options)}.";
            }

            if (!seen.Add(item.GetString()!))
            {
                return $"'{item.GetString()}' is listed twice.";
            }
        }

        return null;
    }
}
