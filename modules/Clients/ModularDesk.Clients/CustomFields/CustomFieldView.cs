namespace ModularDesk.Clients.CustomFields;

internal sealed record CustomFieldView(Guid Id, string Entity, string Key, string Label, string Type, IReadOnlyList<string> Options)
{
    public static CustomFieldView From(CustomFieldDefinition field) =>
        new(field.Id, field.Entity, field.Key, field.Label, field.Type, field.Options);
}
