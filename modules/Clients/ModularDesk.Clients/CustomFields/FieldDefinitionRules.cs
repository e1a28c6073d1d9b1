using System.Text.RegularExpressions;
using ModularDesk.BuildingBlocks.Http;

namespace ModularDesk.Clients.CustomFields;

/// <summary>What a field definition (a custom field, or one field of a special-field group) must look like.</summary>
internal static partial class FieldDefinitionRules
{
    public const int MaxLabelLength = 200;
    public const int MaxOptions = 200;
    public const int MaxOptionLength = 200;

    public static bool IsKey(string? key) => key is not null && KeyPattern().IsMatch(key);

    public static ValidationErrors Key(this ValidationErrors errors, string field, string? key)
    {
        if (!IsKey(key))
        {
            errors.Add(field, "A key is 1–64 letters, digits or underscores, starting with a letter.");
        }

        return errors;
    }

    /// <summary>Checks type and options together; returns the options to store (trimmed, none for types without options).</summary>
    public static List<string> TypeAndOptions(this ValidationErrors errors, string path, string? type, IReadOnlyList<string?>? options)
    {
        if (type is null || !FieldTypes.All.Contains(type, StringComparer.Ordinal))
        {
            errors.Add(path + "type", $"Must be one of: {string.Join(", ", FieldTypes.All)}.");
            return [];
        }

        if (!FieldTypes.HasOptions(type))
        {
            if (options is { Count: > 0 })
            {
                errors.Add(path + "options", $"Only select and multiselect fields have options.");
            }

            return [];
        }

        if (options is null || options.Count == 0)
        {
            errors.Add(path + "options", "A select field needs at least one option.");
            return [];
        }

        if (options.Count > MaxOptions)
        {
            errors.Add(path + "options", $"At most {MaxOptions} options.");
            return [];
        }

        var result = new List<string>();
        for (var i = 0; i < options.Count; i++)
        {
            var option = options[i]?.Trim();
            if (string.IsNullOrEmpty(option) || option.Length > MaxOptionLength)
            {
                errors.Add($"{path}options[{i}]", $"An option is 1–{MaxOptionLength} characters.");
            }
            else if (result.Contains(option, StringComparer.Ordinal))
            {
                errors.Add($"{path}options[{i}]", $"'{option}' is listed twice.");
            }
            else
            {
                result.Add(option);
            }
        }

        return result;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,63}$")]
    private static partial Regex KeyPattern();
}
