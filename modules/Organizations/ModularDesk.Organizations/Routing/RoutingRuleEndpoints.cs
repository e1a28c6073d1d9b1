using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.BuildingBlocks.Security;
using ModularDesk.Organizations.Persistence;

namespace ModularDesk.Organizations.Routing;

/// <summary><c>/api/v1/routing-rules</c> (O6, O7), for admins.</summary>
internal static class RoutingRuleEndpoints
{
    public static void MapRoutingRuleEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/routing-rules").RequireAuthorization(Policies.Admin).WithTags("Routing rules");
        group.MapGet("/", ListAsync).WithName("ListRoutingRules")
            .WithSummary("Rules in the order they run for a ticket of ?organizationId= (its rules, then desk-wide), or all.");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetRoutingRule").WithSummary("One rule, with its ETag.");
        group.MapPost("/", CreateAsync).WithName("CreateRoutingRule")
            .WithSummary("Creates a rule; a bad definition is a 400 naming the field (e.g. conditions[1].op).");
        group.MapPatch("/{id:guid}", UpdateAsync).WithName("UpdateRoutingRule")
            .WithSummary("JSON merge patch of a rule (conditions and actions are replaced whole); If-Match → 412 when stale.");
        group.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteRoutingRule").WithSummary("Deletes a rule.");
    }

    private static async Task<IResult> ListAsync(
        Guid? organizationId, int? limit, string? cursor, OrganizationsDbContext db, CancellationToken cancellationToken)
    {
        var page = PageRequest.From(limit, cursor);
        var query = db.RoutingRules.AsNoTracking();
        if (organizationId is { } org)
        {
            query = query.Where(r => r.OrganizationId == org || r.OrganizationId == null);
        }

        // Run order: organization rules before desk-wide ones, then by order, then by id; the cursor is a position in it.
        var ordered = query.OrderBy(r => r.OrganizationId == null).ThenBy(r => r.OrganizationId).ThenBy(r => r.Order).ThenBy(r => r.Id);
        var skip = 0;
        if (page.Cursor is not null && (!int.TryParse(page.Cursor, out skip) || skip < 0))
        {
            return Problems.Validation("cursor", "Not a cursor this list returned.");
        }

        // Rules are few (an admin writes each one); an offset over them is as cheap as a keyset and keeps run order.
        var rows = await ordered.Skip(skip).Take(page.Limit + 1).ToListAsync(cancellationToken);
        var next = rows.Count > page.Limit ? (skip + page.Limit).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new Page<RoutingRuleView>(rows.Take(page.Limit).Select(RoutingRuleView.From).ToList(), next));
    }

    private static async Task<IResult> GetAsync(Guid id, OrganizationsDbContext db, HttpResponse response, CancellationToken cancellationToken)
    {
        var rule = await db.RoutingRules.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rule is null)
        {
            return NotFound();
        }

        response.Headers.ETag = RoutingRuleView.ETag(rule);
        return TypedResults.Ok(RoutingRuleView.From(rule));
    }

    private static async Task<IResult> CreateAsync(
        JsonObject? body,
        OrganizationsDbContext db,
        RuleReferences references,
        RoutingRuleCache cache,
        TimeProvider clock,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        if (body is null)
        {
            return Problems.Validation("body", "A JSON object is required.");
        }

        var errors = new ValidationErrors();
        var values = RuleDefinition.Read(RuleDefinition.WithoutReadOnly(body), errors);
        if (values is not null)
        {
            await references.CheckAsync(values, errors, cancellationToken);
        }

        if (values is null || !errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary(), "The rule's definition is invalid.");
        }

        var now = clock.GetUtcNow();
        var rule = new RoutingRule { Id = Guid.CreateVersion7(), CreatedAt = now, UpdatedAt = now };
        Apply(values, rule);
        db.RoutingRules.Add(rule);
        await SaveAsync(db, cache, cancellationToken);
        response.Headers.ETag = RoutingRuleView.ETag(rule);
        return TypedResults.Created($"/api/v1/routing-rules/{rule.Id}", RoutingRuleView.From(rule));
    }

    private static async Task<IResult> UpdateAsync(
        Guid id,
        JsonObject? patch,
        HttpRequest request,
        OrganizationsDbContext db,
        RuleReferences references,
        RoutingRuleCache cache,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var rule = await db.RoutingRules.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rule is null)
        {
            return NotFound();
        }

        if (patch is null)
        {
            return Problems.Validation("body", "A JSON object is required.");
        }

        if (EntityVersions.IsStale(request, RoutingRuleView.ETag(rule)))
        {
            return Problems.PreconditionFailed("The rule changed since it was read; GET it again.");
        }

        var document = (JsonObject)Cards.JsonMergePatch.Apply(RuleDefinition.From(rule), RuleDefinition.WithoutReadOnly(patch))!;
        var errors = new ValidationErrors();
        var values = RuleDefinition.Read(document, errors);
        if (values is not null)
        {
            await references.CheckAsync(values, errors, cancellationToken);
        }

        if (values is null || !errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary(), "The rule's definition is invalid.");
        }

        Apply(values, rule);
        rule.UpdatedAt = clock.GetUtcNow();
        try
        {
            await SaveAsync(db, cache, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.PreconditionFailed("The rule changed while this change was saved; GET it again.");
        }

        request.HttpContext.Response.Headers.ETag = RoutingRuleView.ETag(rule);
        return TypedResults.Ok(RoutingRuleView.From(rule));
    }

    private static async Task<IResult> DeleteAsync(Guid id, OrganizationsDbContext db, RoutingRuleCache cache, CancellationToken cancellationToken)
    {
        var rule = await db.RoutingRules.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rule is null)
        {
            return NotFound();
        }

        db.RoutingRules.Remove(rule);
        await SaveAsync(db, cache, cancellationToken);
        return TypedResults.NoContent();
    }

    private static void Apply(RuleValues values, RoutingRule rule)
    {
        rule.Name = values.Name;
        rule.Order = values.Order;
        rule.Enabled = values.Enabled;
        rule.StopProcessing = values.StopProcessing;
        rule.OrganizationId = values.OrganizationId;
        rule.Conditions = values.ConditionsJson;
        rule.Actions = values.ActionsJson;
    }

    /// <summary>Saves the change and moves the routing version in one transaction; this host's cache forgets at once.</summary>
    private static async Task SaveAsync(OrganizationsDbContext db, RoutingRuleCache cache, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await RoutingVersionBump.BumpAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        cache.Invalidate();
    }

    private static IResult NotFound() => Problems.NotFound("No routing rule has this id.");
}
