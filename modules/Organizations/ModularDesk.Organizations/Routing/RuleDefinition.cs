using System.Text.Json;
using System.Text.Json.Nodes;
using ModularDesk.BuildingBlocks.Http;

namespace ModularDesk.Organizations.Routing;

/// <summary>
/// A routing rule's body, read and checked field by field. Every error names its path
/// (<c>conditions[1].op</c>, <c>actions[0].value</c>), so an admin sees exactly what to fix.
/// </summary>
internal static class RuleDefinition
{
    public const int MaxNameLength = 200;
    public const int MaxConditions = 50;
    public const int MaxActions = 20;
    public const int MaxTagLength = 50;

    public static readonly string[] Priorities = ["low", "normal", "high", "urgent"];
    public static readonly string[] Statuses = ["new", "open", "pending", "resolved", "closed", "spam"];

    /// <summary>Which operators each condition field accepts.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Fields = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["organization"] = ["eq", "in"],
        ["channel"] = ["eq", "in"],
        ["isVip"] = ["eq"],
        ["language"] = ["eq", "in"],
        ["subject"] = ["eq", "contains", "in"],
        ["text"] = ["eq", "contains", "in"],
        ["customerType"] = ["eq", "in"],
        ["workingHours"] = ["eq"],
    };

    public static readonly string[] ActionTypes =
        ["assignAgent", "assignTeam", "roundRobin", "leastLoaded", "setPriority", "setStatus", "addTag"];

    private static readonly HashSet<string> ReadOnlyFields = ["id", "createdAt", "updatedAt"];

    public static JsonObject From(RoutingRule rule) => new()
    {
        ["name"] = rule.Name,
        ["order"] = rule.Order,
        ["enabled"] = rule.Enabled,
        ["stopProcessing"] = rule.StopProcessing,
        ["organizationId"] = rule.OrganizationId?.ToString(),
        ["conditions"] = JsonNode.Parse(rule.Conditions),
        ["actions"] = JsonNode.Parse(rule.Actions),
    };

    public static JsonObject WithoutReadOnly(JsonObject body)
    {
        var copy = (JsonObject)body.DeepClone();
        foreach (var key in ReadOnlyFields)
        {
            copy.Remove(key);
        }

        return copy;
    }

    /// <summary>The rule's values; null when <paramref name="errors"/> got any.</summary>
    public static RuleValues? Read(JsonObject document, ValidationErrors errors)
    {
        foreach (var (key, _) in document)
        {
            if (key is not ("name" or "order" or "enabled" or "stopProcessing" or "organizationId" or "conditions" or "actions"))
            {
                errors.Add(key, "Unknown field.");
            }
        }

        string? name = null;
        if (document["name"] is { } nameNode && nameNode.GetValueKind() == JsonValueKind.String
            && nameNode.GetValue<string>().Trim() is { Length: > 0 and <= MaxNameLength } trimmed)
        {
            name = trimmed;
        }
        else
        {
            errors.Add("name", $"Required, a string of at most {MaxNameLength} characters.");
        }

        var order = 0;
        if (document["order"] is { } orderNode
            && (orderNode.GetValueKind() != JsonValueKind.Number || !orderNode.AsValue().TryGetValue(out order)))
        {
            errors.Add("order", "Must be a whole number.");
        }

        var enabled = Flag(document, "enabled", true, errors);
        var stop = Flag(document, "stopProcessing", false, errors);
        Guid? organizationId = null;
        if (document["organizationId"] is { } orgNode)
        {
            if (orgNode.GetValueKind() == JsonValueKind.String && Guid.TryParse(orgNode.GetValue<string>(), out var org))
            {
                organizationId = org;
            }
            else
            {
                errors.Add("organizationId", "Must be an organization id or null (desk-wide).");
            }
        }

        var conditions = ReadConditions(document["conditions"], errors);
        var actions = ReadActions(document["actions"], errors);
        return errors.IsEmpty
            ? new RuleValues(name!, order, enabled, stop, organizationId, conditions, actions,
                (document["conditions"] ?? new JsonArray()).ToJsonString(), document["actions"]!.ToJsonString())
            : null;
    }

    /// <summary>Compiles a stored rule; null when it no longer reads (reported by the router instead of thrown).</summary>
    public static CompiledRule? Compile(RoutingRule rule)
    {
        var errors = new ValidationErrors();
        var conditions = ReadConditions(JsonNode.Parse(rule.Conditions), errors);
        var actions = ReadActions(JsonNode.Parse(rule.Actions), errors);
        return errors.IsEmpty
            ? new CompiledRule(rule.Id, rule.Name, rule.Order, rule.StopProcessing, rule.OrganizationId, conditions, actions)
            : null;
    }

    public static List<RuleCondition> ReadConditions(JsonNode? node, ValidationErrors errors)
    {
        var conditions = new List<RuleCondition>();
        if (node is null)
        {
            return conditions;
        }

        if (node is not JsonArray array || array.Count > MaxConditions)
        {
            errors.Add("conditions", $"Must be an array of at most {MaxConditions} conditions.");
            return conditions;
        }

        for (var i = 0; i < array.Count; i++)
        {
            var path = $"conditions[{i}]";
            if (array[i] is not JsonObject condition)
            {
                errors.Add(path, "Must be an object { field, op, value }.");
                continue;
            }

            var field = StringOf(condition["field"]);
            if (field is null || !Fields.TryGetValue(field, out var ops))
            {
                errors.Add($"{path}.field", $"One of {string.Join(", ", Fields.Keys)}.");
                continue;
            }

            var op = StringOf(condition["op"]);
            if (op is null || !ops.Contains(op))
            {
                errors.Add($"{path}.op", $"For {field}: one of {string.Join(", ", ops)}.");
                continue;
            }

            if (ReadConditionValue(field, op, condition["value"], $"{path}.value", errors) is { } read)
            {
                conditions.Add(read);
            }
        }

        return conditions;
    }

    public static List<RuleAction> ReadActions(JsonNode? node, ValidationErrors errors)
    {
        var actions = new List<RuleAction>();
        if (node is not JsonArray array || array.Count == 0 || array.Count > MaxActions)
        {
            errors.Add("actions", $"Required: an array of 1 to {MaxActions} actions.");
            return actions;
        }

        for (var i = 0; i < array.Count; i++)
        {
            var path = $"actions[{i}]";
            if (array[i] is not JsonObject action)
            {
                errors.Add(path, "Must be an object { type, value }.");
                continue;
            }

            var type = StringOf(action["type"]);
            if (type is null || !ActionTypes.Contains(type))
            {
                errors.Add($"{path}.type", $"One of {string.Join(", ", ActionTypes)}.");
                continue;
            }

            var value = StringOf(action["value"])?.Trim();
            switch (type)
            {
                case "assignAgent" or "assignTeam" or "roundRobin" or "leastLoaded":
                    if (Guid.TryParse(value, out var target))
                    {
                        actions.Add(new RuleAction(type, target.ToString(), target));
                    }
                    else
                    {
                        errors.Add($"{path}.value", type == "assignAgent" ? "Must be an agent id." : "Must be a team id.");
                    }

                    break;
                case "setPriority":
                    AddChoice(actions, errors, type, value, Priorities, path);
                    break;
                case "setStatus":
                    AddChoice(actions, errors, type, value, Statuses, path);
                    break;
                default:
                    if (string.IsNullOrEmpty(value) || value.Length > MaxTagLength)
                    {
                        errors.Add($"{path}.value", $"A tag of 1 to {MaxTagLength} characters.");
                    }
                    else
                    {
                        actions.Add(new RuleAction(type, value, null));
                    }

                    break;
            }
        }

        return actions;
    }

    private static RuleCondition? ReadConditionValue(string field, string op, JsonNode? value, string path, ValidationErrors errors)
    {
        if (field is "isVip" or "workingHours")
        {
            if (value?.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
            {
                return new RuleCondition(field, op, [], value.GetValue<bool>());
            }

            errors.Add(path, "Must be true or false.");
            return null;
        }

        List<string> values;
        if (op == "in" || (op == "contains" && value is JsonArray))
        {
            if (value is not JsonArray array || array.Count == 0 || array.Count > 200
                || array.Any(item => StringOf(item) is not { Length: > 0 }))
            {
                errors.Add(path, "Must be a non-empty array of strings.");
                return null;
            }

            values = array.Select(item => StringOf(item)!.Trim()).ToList();
        }
        else if (StringOf(value)?.Trim() is { Length: > 0 and <= 500 } single)
        {
            values = [single];
        }
        else
        {
            errors.Add(path, "Must be a non-empty string of at most 500 characters.");
            return null;
        }

        if (field == "organization")
        {
            for (var i = 0; i < values.Count; i++)
            {
                if (!Guid.TryParse(values[i], out var id))
                {
                    errors.Add(op == "in" ? $"{path}[{i}]" : path, "Must be an organization id.");
                    return null;
                }

                values[i] = id.ToString();
            }
        }

        return new RuleCondition(field, op, values.Select(v => v.ToLowerInvariant()).ToList(), false);
    }

    private static void AddChoice(List<RuleAction> actions, ValidationErrors errors, string type, string? value, string[] choices, string path)
    {
        if (value is not null && choices.Contains(value))
        {
            actions.Add(new RuleAction(type, value, null));
        }
        else
        {
            errors.Add($"{path}.value", $"One of {string.Join(", ", choices)}.");
        }
    }

    private static bool Flag(JsonObject document, string field, bool fallback, ValidationErrors errors)
    {
        var node = document[field];
        if (node is null)
        {
            return fallback;
        }

        if (node.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return node.GetValue<bool>();
        }

        errors.Add(field, "Must be true or false.");
        return fallback;
    }

    private static string? StringOf(JsonNode? node) =>
        node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
}

/// <summary>A rule's validated values with its conditions and actions as they are stored (the API's JSON shape).</summary>
internal sealed record RuleValues(
    string Name,
    int Order,
    bool Enabled,
    bool StopProcessing,
    Guid? OrganizationId,
    IReadOnlyList<RuleCondition> Conditions,
    IReadOnlyList<RuleAction> Actions,
    string ConditionsJson,
    string ActionsJson);
