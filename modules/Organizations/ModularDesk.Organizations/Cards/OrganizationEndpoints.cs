using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.BuildingBlocks.Security;
using ModularDesk.Clients.Contracts.Directory;
using ModularDesk.Organizations.Members;
using ModularDesk.Organizations.Persistence;
using Npgsql;

namespace ModularDesk.Organizations.Cards;

/// <summary><c>/api/v1/organizations</c>: organization cards (O1, O3, O5), for every agent.</summary>
internal static class OrganizationEndpoints
{
    public static void MapOrganizationEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/organizations").RequireAuthorization(Policies.Agent).WithTags("Organizations");
        group.MapGet("/", ListAsync).WithName("ListOrganizations")
            .WithSummary("Organizations oldest first, or with ?q= the best name (or domain) matches first.");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetOrganization").WithSummary("One organization card, with its ETag.");
        group.MapPost("/", CreateAsync).WithName("CreateOrganization")
            .WithSummary("Creates an organization (a name is enough); 409 domain-conflict when a domain belongs to another one.");
        group.MapPatch("/{id:guid}", UpdateAsync).WithName("UpdateOrganization")
            .WithSummary("JSON merge patch of the card; If-Match → 412 when stale; lists clients who could join a new domain.");
        group.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteOrganization")
            .WithSummary("Deletes the organization with its domains and rules; its people are left without one.");
    }

    private static async Task<IResult> ListAsync(
        string? q, int? limit, string? cursor, OrganizationsDbContext db, CancellationToken cancellationToken)
    {
        var page = PageRequest.From(limit, cursor);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var ids = await OrganizationSearch.SearchAsync(db, q, page.Limit, cancellationToken);
            var found = await db.Organizations.AsNoTracking().Include(o => o.Domains)
                .Where(o => ids.Contains(o.Id)).AsSplitQuery().ToListAsync(cancellationToken);
            var ranked = ids.Select(id => found.FirstOrDefault(o => o.Id == id)).OfType<Organization>();
            return TypedResults.Ok(new Page<OrganizationView>(ranked.Select(o => OrganizationView.From(o)).ToList(), null));
        }

        var query = db.Organizations.AsNoTracking().Include(o => o.Domains).AsQueryable();
        if (page.Cursor is not null)
        {
            if (!Guid.TryParse(page.Cursor, out var after))
            {
                return Problems.Validation("cursor", "Not a cursor this list returned.");
            }

            query = query.Where(o => o.Id.CompareTo(after) > 0);
        }

        var rows = await query.OrderBy(o => o.Id).Take(page.Limit + 1).AsSplitQuery().ToListAsync(cancellationToken);
        var next = rows.Count > page.Limit ? rows[page.Limit - 1].Id.ToString() : null;
        return TypedResults.Ok(new Page<OrganizationView>(rows.Take(page.Limit).Select(o => OrganizationView.From(o)).ToList(), next));
    }

    private static async Task<IResult> GetAsync(Guid id, OrganizationsDbContext db, HttpResponse response, CancellationToken cancellationToken)
    {
        var organization = await db.Organizations.AsNoTracking().Include(o => o.Domains)
            .SingleOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (organization is null)
        {
            return NotFound();
        }

        response.Headers.ETag = OrganizationView.ETag(organization);
        return TypedResults.Ok(OrganizationView.From(organization));
    }

    private static async Task<IResult> CreateAsync(
        JsonObject? body,
        OrganizationsDbContext db,
        CardChecks checks,
        DomainCandidates candidates,
        ClaimsPrincipal user,
        TimeProvider clock,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        if (body is null)
        {
            return Problems.Validation("body", "A JSON object is required.");
        }

        var errors = new ValidationErrors();
        var values = CardDocument.Read(CardDocument.WithoutReadOnly(body), errors);
        if (values is null)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        if (await checks.CheckAsync(values, null, null, cancellationToken) is { } refused)
        {
            return refused;
        }

        var now = clock.GetUtcNow();
        var organization = new Organization { Id = Guid.CreateVersion7(), CreatedAt = now, UpdatedAt = now };
        CardDocument.Apply(values, organization);
        organization.Domains.AddRange(values.Domains.Select(d => new OrganizationDomain { Domain = d, OrganizationId = organization.Id, AddedAt = now }));
        db.Organizations.Add(organization);
        CardEvents.Created(db, organization, values, automatic: false, Actors.Agent(user));
        if (await SaveAsync(db, checks, values.Domains, organization.Id, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        var offered = values.Domains.Count > 0 ? await candidates.FindAsync(organization.Id, values.Domains, cancellationToken) : null;
        response.Headers.ETag = OrganizationView.ETag(organization);
        return TypedResults.Created($"/api/v1/organizations/{organization.Id}", OrganizationView.From(organization, offered));
    }

    private static async Task<IResult> UpdateAsync(
        Guid id,
        JsonObject? patch,
        HttpRequest request,
        OrganizationsDbContext db,
        CardChecks checks,
        DomainCandidates candidates,
        ClaimsPrincipal user,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var organization = await db.Organizations.Include(o => o.Domains).SingleOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (organization is null)
        {
            return NotFound();
        }

        if (patch is null)
        {
            return Problems.Validation("body", "A JSON object is required.");
        }

        if (IsStale(request, organization))
        {
            return Problems.PreconditionFailed("The organization changed since it was read; GET it again.");
        }

        var before = CardDocument.ValuesOf(organization);
        var document = (JsonObject)JsonMergePatch.Apply(CardDocument.From(before), CardDocument.WithoutReadOnly(patch))!;
        var errors = new ValidationErrors();
        var values = CardDocument.Read(document, errors);
        if (values is null)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        if (await checks.CheckAsync(values, id, before, cancellationToken) is { } refused)
        {
            return refused;
        }

        var added = values.Domains.Except(before.Domains).ToList();
        if (CardEvents.Changed(db, id, before, values, Actors.Agent(user)))
        {
            var now = clock.GetUtcNow();
            CardDocument.Apply(values, organization);
            organization.Domains.RemoveAll(d => !values.Domains.Contains(d.Domain));
            organization.Domains.AddRange(added.Select(d => new OrganizationDomain { Domain = d, OrganizationId = id, AddedAt = now }));
            organization.UpdatedAt = now;
            try
            {
                if (await SaveAsync(db, checks, added, id, cancellationToken) is { } conflict)
                {
                    return conflict;
                }
            }
            catch (DbUpdateConcurrencyException)
            {
                return Problems.PreconditionFailed("The organization changed while this change was saved; GET it again.");
            }
        }

        var offered = added.Count > 0 ? await candidates.FindAsync(id, added, cancellationToken) : null;
        request.HttpContext.Response.Headers.ETag = OrganizationView.ETag(organization);
        return TypedResults.Ok(OrganizationView.From(organization, offered));
    }

    private static async Task<IResult> DeleteAsync(
        Guid id,
        HttpRequest request,
        OrganizationsDbContext db,
        [FromServices] IClientOrganizationMembership membership,
        ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        var organization = await db.Organizations.Include(o => o.Domains).SingleOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (organization is null)
        {
            return NotFound();
        }

        if (IsStale(request, organization))
        {
            return Problems.PreconditionFailed("The organization changed since it was read; GET it again.");
        }

        var actor = Actors.Agent(user);
        db.Organizations.Remove(organization);
        CardEvents.Deleted(db, organization, actor);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.PreconditionFailed("The organization changed while it was deleted; GET it again.");
        }

        // The people leave now, so the answer shows them without it; OrganizationDeleted's handler repeats this
        // (idempotently) in case this host dies right here.
        await membership.RemoveOrganizationAsync(id, actor.Name, cancellationToken);
        return TypedResults.NoContent();
    }

    private static bool IsStale(HttpRequest request, Organization organization) =>
        EntityVersions.IsStale(request, OrganizationView.ETag(organization));

    /// <summary>Saves; a domain taken by another organization in the meantime (the unique key decided) → 409.</summary>
    private static async Task<IResult?> SaveAsync(
        OrganizationsDbContext db, CardChecks checks, IReadOnlyCollection<string> domains, Guid id, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return await checks.DomainConflictAsync(domains, id, cancellationToken)
                   ?? Problems.Conflict("domain-conflict", "The domain belongs to another organization", "A domain was taken at the same time.");
        }
    }

    private static IResult NotFound() => Problems.NotFound("No organization has this id.");
}
