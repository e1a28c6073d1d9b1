using System.Text.Json;

namespace ModularDesk.Clients.FieldGroups;

internal sealed record CreateFieldGroupRequest(string? Key, string? Label, List<GroupFieldRequest?>? Fields);

internal sealed record GroupFieldRequest(string? Key, string? Label, string? Type, List<string?>? Options);

/// <summary>A record's values: for POST the whole record, for PATCH a merge patch (null removes a value).</summary>
internal sealed record RecordRequest(JsonElement Values);

internal sealed record FieldGroupView(Guid Id, string Key, string Label, IReadOnlyList<GroupField> Fields)
{
    public static FieldGroupView From(FieldGroup group) => new(group.Id, group.Key, group.Label, FieldGroupJson.Fields(group));
}

internal sealed record RecordView(Guid Id, string Group, JsonElement Values, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static RecordView From(FieldGroupRecord record, string group) =>
        new(record.Id, group, JsonDocument.Parse(record.Values).RootElement.Clone(), record.CreatedAt, record.UpdatedAt);
}
