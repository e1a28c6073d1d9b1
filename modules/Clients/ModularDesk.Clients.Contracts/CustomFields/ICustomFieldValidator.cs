using System.Text.Json;

namespace ModularDesk.Clients.Contracts.CustomFields;

/// <summary>
/// Checks a card's <c>customFields</c> object against the admin-defined custom fields (C17) of an entity
/// (<see cref="CustomFieldEntities"/>): every key must be defined for that entity and every value must match its
/// type (text, number, date as <c>yyyy-MM-dd</c>, boolean, one of the options of a select, a list of distinct
/// options of a multiselect). <c>null</c> clears a field and is always allowed.
/// </summary>
public interface ICustomFieldValidator
{
    /// <summary>
    /// Field-path errors (<c>"customFields.plan": ["…"]</c>, the path starting at <paramref name="path"/>) for the
    /// values; empty when they are valid. A <paramref name="values"/> that is not a JSON object is one error at
    /// <paramref name="path"/>.
    /// </summary>
    Task<IReadOnlyDictionary<string, string[]>> ValidateAsync(
        string entity, JsonElement values, string path = "customFields", CancellationToken cancellationToken = default);
}
