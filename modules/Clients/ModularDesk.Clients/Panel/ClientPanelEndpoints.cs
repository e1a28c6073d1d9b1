using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.BuildingBlocks.Security;
using ModularDesk.Clients.Contracts.CustomFields;
using ModularDesk.Clients.CustomFields;
using ModularDesk.Clients.FieldGroups;
using ModularDesk.Clients.Persistence;

namespace ModularDesk.Clients.Panel;

/// <summary>
/// <c>GET|PUT /api/v1/settings/client-panel</c>: the card properties the details panel shows, in order. Properties are
/// the built-in ones, <c>customFields.&lt;key&gt;</c> of client custom fields and <c>fieldGroups.&lt;key&gt;</c>.
/// </summary>
internal static class ClientPanelEndpoints
{
    public static void MapClientPanelEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/settings/client-panel").RequireAuthorization(Policies.Agent).WithTags("Settings");
        group.MapGet("/", GetAsync).WithName("GetClientPanel")
            .WithSummary("The details panel's properties in order, and every property that could be shown.");
        group.MapPut("/", PutAsync).RequireAuthorization(Policies.Admin).WithName("PutClientPanel")
            .WithSummary("Sets which properties the details panel shows, in which order.");
    }

    private static async Task<IResult> GetAsync(ClientsDbContext db, CancellationToken cancellationToken)
    {
        var layout = await db.Set<ClientPanelLayout>().AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        var available = await AvailableAsync(db, cancellationToken);
        var properties = layout?.Properties ?? [.. ClientPanelLayout.BuiltInProperties];

        // A custom field or group deleted since the admin saved the layout simply stops showing.
        return TypedResults.Ok(new ClientPanelView(properties.Where(available.Contains).ToList(), available));
    }

    private static async Task<IResult> PutAsync(
        ClientPanelRequest? request, ClientsDbContext db, ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (request?.Properties is null)
        {
            return Problems.Validation("properties", "Required: the property names in the order to show them.");
        }

        var available = await AvailableAsync(db, cancellationToken);
        var errors = new ValidationErrors();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < request.Properties.Count; i++)
        {
            var property = request.Properties[i];
            if (property is null || !available.Contains(property))
            {
                errors.Add($"properties[{i}]", $"Not a property of the card: '{property}'.");
            }
            else if (!seen.Add(property))
            {
                errors.Add($"properties[{i}]", $"'{property}' is listed twice.");
            }
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var layout = await db.Set<ClientPanelLayout>().SingleOrDefaultAsync(cancellationToken);
        if (layout is null)
        {
            layout = new ClientPanelLayout();
            db.Add(layout);
        }

        layout.Properties = [.. request.Properties.OfType<string>()];
        layout.UpdatedAt = clock.GetUtcNow();
        layout.UpdatedBy = user.AgentId();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new ClientPanelView(layout.Properties, available));
    }

    private static async Task<List<string>> AvailableAsync(ClientsDbContext db, CancellationToken cancellationToken)
    {
        var fields = await db.Set<CustomFieldDefinition>().AsNoTracking()
            .Where(f => f.Entity == CustomFieldEntities.Client).OrderBy(f => f.CreatedAt).Select(f => f.Key).ToListAsync(cancellationToken);
        var groups = await db.Set<FieldGroup>().AsNoTracking().OrderBy(g => g.CreatedAt).Select(g => g.Key).ToListAsync(cancellationToken);
        return [.. ClientPanelLayout.BuiltInProperties, .. fields.Select(k => "customFields." + k), .. groups.Select(k => "fieldGroups." + k)];
    }
}

internal sealed record ClientPanelRequest(List<string?>? Properties);

internal sealed record ClientPanelView(IReadOnlyList<string> Properties, IReadOnlyList<string> Available);
