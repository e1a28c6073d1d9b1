namespace ModularDesk.Clients.CustomFields;

internal sealed record CreateCustomFieldRequest(string? Entity, string? Key, string? Label, string? Type, List<string?>? Options);

/// <summary>Label and options may change; key, entity and type may not (stored values depend on them).</summary>
internal sealed record UpdateCustomFieldRequest(string? Label, List<string?>? Options);
