using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using ModularDesk.Agents.Contracts;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.Clients.Contracts.CustomerTypes;
using ModularDesk.Clients.Contracts.CustomFields;
using ModularDesk.Organizations.Persistence;
using ModularDesk.Organizations.Settings;

namespace ModularDesk.Organizations.Cards;

/// <summary>
/// The checks of a card that need the database: the owner exists, the customer type and custom fields are defined
/// (by admins, in the Clients module: O8, C17), no free-mail domain, no domain of another organization. Only what
/// changed is checked, so a field an admin removed later does not block unrelated edits.
/// </summary>
internal sealed class CardChecks(
    OrganizationsDbContext db,
    IAgentDirectory agents,
    ICustomFieldValidator customFields,
    ICustomerTypeCatalog customerTypes,
    SettingsStore settings)
{
    /// <summary>A 400 or 409 answer, or null when the values may be saved.</summary>
    public async Task<IResult?> CheckAsync(
        CardValues values, Guid? organizationId, CardValues? before, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (values.OwnerAgentId is { } ownerId && ownerId != before?.OwnerAgentId
            && await agents.FindAgentAsync(ownerId, cancellationToken) is null)
        {
            errors.Add("ownerAgentId", "No such agent.");
        }

        if (values.CustomerType is { } customerType && customerType != before?.CustomerType
            && !await customerTypes.ExistsAsync(customerType, cancellationToken))
        {
            errors.Add("customerType", "No such customer type; GET /api/v1/customer-types lists them.");
        }

        var changedFields = new JsonObject();
        foreach (var (key, value) in values.CustomFields)
        {
            if (before is null || !JsonNode.DeepEquals(before.CustomFields[key], value))
            {
                changedFields[key] = value?.DeepClone();
            }
        }

        if (changedFields.Count > 0)
        {
            using var document = JsonDocument.Parse(changedFields.ToJsonString());
            var fieldErrors = await customFields.ValidateAsync(
                CustomFieldEntities.Organization, document.RootElement, "customFields", cancellationToken);
            foreach (var (path, messages) in fieldErrors)
            {
                foreach (var message in messages)
                {
                    errors.Add(path, message);
                }
            }
        }

        var added = values.Domains.Except(before?.Domains ?? []).ToList();
        var freeMail = await settings.GetOrganizationSettingsAsync(cancellationToken);
        foreach (var domain in added.Where(freeMail.IsFreeMail))
        {
            errors.Add(
                $"domains[{IndexOf(values.Domains, domain)}]",
                $"{domain} is a free-mail domain: its addresses belong to people, not to one organization.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        return added.Count == 0 ? null : await DomainConflictAsync(added, organizationId, cancellationToken);
    }

    /// <summary>409 <c>domain-conflict</c> naming the organization that owns one of <paramref name="domains"/>.</summary>
    public async Task<IResult?> DomainConflictAsync(IReadOnlyCollection<string> domains, Guid? organizationId, CancellationToken cancellationToken)
    {
        var owner = await db.Domains.AsNoTracking()
            .Where(d => domains.Contains(d.Domain) && d.OrganizationId != organizationId)
            .Join(db.Organizations, d => d.OrganizationId, o => o.Id, (d, o) => new { d.Domain, o.Id, o.Name })
            .OrderBy(x => x.Domain)
            .FirstOrDefaultAsync(cancellationToken);
        return owner is null
            ? null
            : Problems.Conflict(
                "domain-conflict",
                "The domain belongs to another organization",
                $"{owner.Domain} already belongs to the organization \"{owner.Name}\" ({owner.Id}); a domain belongs to one organization.",
                new Dictionary<string, object?>
                {
                    ["domain"] = owner.Domain,
                    ["conflictingOrganizationId"] = owner.Id,
                    ["conflictingOrganizationName"] = owner.Name,
                });
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }

        return 0;
    }
}
