using System.Text.Json;
using System.Text.Json.Nodes;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.Clients.Contracts.CustomFields;

namespace ModularDesk.Clients.CustomFields;

/// <summary>The card editor's hook into custom fields: a card's <c>customFields</c> checked by type (C17).</summary>
internal static class CardCustomFields
{
    /// <summary>Adds an error per wrong custom field (<c>customFields.&lt;key&gt;</c>); true when the values are valid.</summary>
    public static async Task<bool> CheckAsync(
        ICustomFieldValidator validator, JsonObject values, string path, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var problems = await validator.ValidateAsync(
            CustomFieldEntities.Client, JsonSerializer.SerializeToElement(values), path, cancellationToken);
        foreach (var (field, messages) in problems)
        {
            foreach (var message in messages)
            {
                errors.Add(field, message);
            }
        }

        return problems.Count == 0;
    }
}
