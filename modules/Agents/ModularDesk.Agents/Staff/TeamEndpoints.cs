using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using ModularDesk.Agents.Contracts;
using ModularDesk.Agents.Persistence;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.BuildingBlocks.Security;
using Npgsql;

namespace ModularDesk.Agents.Staff;

/// <summary><c>/api/v1/teams</c>: every agent may list; only admins create.</summary>
internal static class TeamEndpoints
{
    public static void MapTeamEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/teams").RequireAuthorization(Policies.Agent).WithTags("Teams");
        group.MapGet("/", ListAsync).WithName("ListTeams").WithSummary("Teams with their members, oldest first.");
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.Admin).WithName("CreateTeam")
            .WithSummary("Creates a team; every member id must be an existing agent.");
    }

    private static async Task<IResult> ListAsync(int? limit, string? cursor, AgentsDbContext db, CancellationToken cancellationToken)
    {
        var page = PageRequest.From(limit, cursor);
        var query = db.Teams.AsNoTracking().Include(t => t.Members).AsQueryable();
        if (page.Cursor is not null)
        {
            if (!Guid.TryParse(page.Cursor, out var after))
            {
                return Problems.Validation("cursor", "Not a cursor this list returned.");
            }

            query = query.Where(t => t.Id.CompareTo(after) > 0);
        }

        var rows = await query.OrderBy(t => t.Id).Take(page.Limit + 1).AsSplitQuery().ToListAsync(cancellationToken);
        var next = rows.Count > page.Limit ? rows[page.Limit - 1].Id.ToString() : null;
        return TypedResults.Ok(new Page<TeamView>(rows.Take(page.Limit).Select(TeamView.From).ToList(), next));
    }

    private static async Task<IResult> CreateAsync(
        CreateTeamRequest? request, AgentsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().Required("name", request?.Name, AgentRules.MaxNameLength);
        var memberIds = request?.MemberIds ?? [];
        var known = await db.Agents.Where(a => memberIds.Contains(a.Id)).Select(a => a.Id).ToListAsync(cancellationToken);
        for (var i = 0; i < memberIds.Count; i++)
        {
            if (!known.Contains(memberIds[i]))
            {
                errors.Add($"memberIds[{i}]", "No such agent.");
            }
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var name = request!.Name!.Trim();
        if (await db.Teams.AnyAsync(t => t.Name == name, cancellationToken))
        {
            return NameConflict(name);
        }

        var team = new Team
        {
            Id = Guid.CreateVersion7(),
            Name = name,
            CreatedAt = clock.GetUtcNow(),
        };
        team.Members.AddRange(memberIds.Distinct().Select(agentId => new TeamMember { TeamId = team.Id, AgentId = agentId }));
        db.Teams.Add(team);
        var view = TeamView.From(team);
        db.Publish(new TeamChanged(team.Id, team.Name, view.MemberIds));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return NameConflict(name);
        }

        return TypedResults.Created($"/api/v1/teams/{team.Id}", view);
    }

    private static IResult NameConflict(string name) =>
        Problems.Conflict("team-name-conflict", "Team name already in use", $"A team named {name} already exists.");
}
