using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.BuildingBlocks.Security;
using ModularDesk.Clients.Contracts.Directory;
using ModularDesk.Organizations.Cards;
using ModularDesk.Organizations.Persistence;

namespace ModularDesk.Organizations.Members;

/// <summary>
/// The people of an organization (O3, O4, O5). Membership is the organization field of client cards, which the
/// Clients module owns: reads go through <see cref="IClientDirectory"/>, moves through <see cref="IClientOrganizationMembership"/>.
/// </summary>
internal static class MemberEndpoints
{
    public const int MaxMovedAtOnce = 1000;

    public static void MapMemberEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/organizations/{id:guid}").RequireAuthorization(Policies.Agent).WithTags("Organizations");
        group.MapGet("/members", ListAsync).WithName("ListOrganizationMembers").WithSummary("The organization's people.");
        group.MapPost("/members", MoveInAsync).WithName("AddOrganizationMembers")
            .WithSummary("Moves clients into the organization (out of any other).");
        group.MapDelete("/members/{clientId:guid}", MoveOutAsync).WithName("RemoveOrganizationMember")
            .WithSummary("Moves one client out of the organization; they are left without one.");
        group.MapGet("/domain-candidates", CandidatesAsync).WithName("ListOrganizationDomainCandidates")
            .WithSummary("Existing clients with an email at one of the organization's domains who are not members yet.");
    }

    private static async Task<IResult> ListAsync(
        Guid id, int? limit, string? cursor, OrganizationsDbContext db, [FromServices] IClientDirectory clients, CancellationToken cancellationToken)
    {
        if (!await db.Organizations.AnyAsync(o => o.Id == id, cancellationToken))
        {
            return NotFound();
        }

        var page = PageRequest.From(limit, cursor);
        Guid? after = null;
        if (page.Cursor is not null)
        {
            if (!Guid.TryParse(page.Cursor, out var parsed))
            {
                return Problems.Validation("cursor", "Not a cursor this list returned.");
            }

            after = parsed;
        }

        var rows = await clients.ListInOrganizationAsync(id, after, page.Limit + 1, cancellationToken);
        var next = rows.Count > page.Limit ? rows[page.Limit - 1].Id.ToString() : null;
        return TypedResults.Ok(new Page<MemberView>(rows.Take(page.Limit).Select(MemberView.From).ToList(), next));
    }

    private static async Task<IResult> MoveInAsync(
        Guid id,
        MoveMembersRequest? request,
        OrganizationsDbContext db,
        [FromServices] IClientDirectory clients,
        [FromServices] IClientOrganizationMembership membership,
        ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        if (!await db.Organizations.AnyAsync(o => o.Id == id, cancellationToken))
        {
            return NotFound();
        }

        var ids = request?.ClientIds;
        if (ids is null || ids.Count == 0 || ids.Count > MaxMovedAtOnce)
        {
            return Problems.Validation("clientIds", $"Between 1 and {MaxMovedAtOnce} client ids.");
        }

        var known = (await clients.FindManyAsync(ids.Distinct().ToList(), cancellationToken)).ToDictionary(c => c.Id);
        var errors = new ValidationErrors();
        for (var i = 0; i < ids.Count; i++)
        {
            if (!known.ContainsKey(ids[i]))
            {
                errors.Add($"clientIds[{i}]", "No such client.");
            }
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var moving = known.Values.Where(c => c.OrganizationId != id).Select(c => c.Id).ToList();
        if (moving.Count > 0)
        {
            var actor = Actors.Agent(user);
            await membership.MoveAsync(moving, id, actor.Name, cancellationToken);
            CardEvents.Members(db, id, moving, added: true, actor);
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.NoContent();
    }

    private static async Task<IResult> MoveOutAsync(
        Guid id,
        Guid clientId,
        OrganizationsDbContext db,
        [FromServices] IClientDirectory clients,
        [FromServices] IClientOrganizationMembership membership,
        ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        if (!await db.Organizations.AnyAsync(o => o.Id == id, cancellationToken))
        {
            return NotFound();
        }

        var client = await clients.FindAsync(clientId, cancellationToken);
        if (client is null || client.OrganizationId != id)
        {
            return Problems.NotFound("This client is not a member of the organization.");
        }

        var actor = Actors.Agent(user);
        await membership.MoveAsync([clientId], null, actor.Name, cancellationToken);
        CardEvents.Members(db, id, [clientId], added: false, actor);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> CandidatesAsync(
        Guid id, OrganizationsDbContext db, DomainCandidates candidates, CancellationToken cancellationToken)
    {
        var domains = await db.Domains.AsNoTracking().Where(d => d.OrganizationId == id).Select(d => d.Domain)
            .OrderBy(d => d).ToListAsync(cancellationToken);
        if (domains.Count == 0 && !await db.Organizations.AnyAsync(o => o.Id == id, cancellationToken))
        {
            return NotFound();
        }

        var found = await candidates.FindAsync(id, domains, cancellationToken);
        return TypedResults.Ok(new Page<DomainCandidateView>(found, null));
    }

    private static IResult NotFound() => Problems.NotFound("No organization has this id.");
}
