using System.Text.Json;
using System.Text.Json.Nodes;
using ModularDesk.Clients.Cards;

namespace ModularDesk.Clients.Merging;

/// <summary>
/// The card fields a merge lets the agent choose between (C13), how to read and write each, and which side a
/// preview suggests: the survivor's value, unless it is empty and the other card's is not.
/// </summary>
internal static class MergeFields
{
    public const string Survivor = "survivor";
    public const string Other = "other";

    public static readonly IReadOnlyList<MergeField> All =
    [
        new("name", c => c.Name, (c, v) => c.Name = (string)v!),
        new("language", c => c.Language, (c, v) => c.Language = (string?)v),
        new("organizationId", c => c.OrganizationId, (c, v) => c.OrganizationId = (Guid?)v),
        new("position", c => c.Position, (c, v) => c.Position = (string?)v),
        new("note", c => c.Note, (c, v) => c.Note = (string?)v),
        new("ownerAgentId", c => c.OwnerAgentId, (c, v) => c.OwnerAgentId = (Guid?)v),
        new("avatarUrl", c => c.AvatarUrl, (c, v) => c.AvatarUrl = (string?)v),
        new("customerType", c => c.CustomerType, (c, v) => c.CustomerType = (string?)v),
        new("isVip", c => c.IsVip, (c, v) => c.IsVip = (bool)v!),
        new("isSpammer", c => c.IsSpammer, (c, v) => c.IsSpammer = (bool)v!),
    ];

    public static string DefaultSide(MergeField field, ClientCard survivor, ClientCard other) =>
        IsEmpty(field.Get(survivor)) && !IsEmpty(field.Get(other)) ? Other : Survivor;

    public static JsonElement ToJson(object? value) => JsonSerializer.SerializeToElement(value, CardJson.Options);

    public static JsonNode? ToNode(object? value) => JsonSerializer.SerializeToNode(value, CardJson.Options);

    /// <summary>Custom fields of both cards: the survivor's value wins for a key both have.</summary>
    public static string UnionCustomFields(ClientCard survivor, ClientCard other)
    {
        var result = JsonNode.Parse(other.CustomFields)?.AsObject() ?? [];
        foreach (var (key, value) in JsonNode.Parse(survivor.CustomFields)?.AsObject() ?? [])
        {
            result[key] = value?.DeepClone();
        }

        return result.ToJsonString();
    }

    /// <summary>Addresses of both cards, the survivor's first, without exact repeats.</summary>
    public static string UnionAddresses(ClientCard survivor, ClientCard other)
    {
        var all = new JsonArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in (JsonNode.Parse(survivor.Addresses)?.AsArray() ?? []).Concat(JsonNode.Parse(other.Addresses)?.AsArray() ?? []))
        {
            if (node is not null && seen.Add(node.ToJsonString()))
            {
                all.Add(node.DeepClone());
            }
        }

        return all.ToJsonString();
    }

    private static bool IsEmpty(object? value) => value switch
    {
        null => true,
        string s => string.IsNullOrWhiteSpace(s),
        bool b => !b,
        _ => false,
    };
}

internal sealed record MergeField(string Name, Func<ClientCard, object?> Get, Action<ClientCard, object?> Set);
