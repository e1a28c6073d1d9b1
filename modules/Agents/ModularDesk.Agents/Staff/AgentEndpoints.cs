using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using ModularDesk.Agents.Contracts;
using ModularDesk.Agents.Persistence;
using ModularDesk.Agents.SignIn;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.BuildingBlocks.Security;
using Npgsql;

namespace ModularDesk.Agents.Staff;

/// <summary><c>/api/v1/agents</c>: every agent may list and read; only admins create and change.</summary>
internal static class AgentEndpoints
{
    public static void MapAgentEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/agents").RequireAuthorization(Policies.Agent).WithTags("Agents");
        group.MapGet("/", ListAsync).WithName("ListAgents").WithSummary("Agents, oldest first.");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetAgent").WithSummary("One agent.");
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.Admin).WithName("CreateAgent")
            .WithSummary("Creates an agent or admin with a password of at least 10 characters.");
        group.MapPatch("/{id:guid}", UpdateAsync).RequireAuthorization(Policies.Admin).WithName("UpdateAgent")
            .WithSummary("Changes name, role or active; deactivating signs the agent out everywhere.");
    }

    private static async Task<IResult> ListAsync(int? limit, string? cursor, AgentsDbContext db, CancellationToken cancellationToken)
    {
        var page = PageRequest.From(limit, cursor);
        var query = db.Agents.AsNoTracking();
        if (page.Cursor is not null)
        {
            if (!Guid.TryParse(page.Cursor, out var after))
            {
                return Problems.Validation("cursor", "Not a cursor this list returned.");
            }

            query = query.Where(a => a.Id.CompareTo(after) > 0);
        }

        var rows = await query.OrderBy(a => a.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        var next = rows.Count > page.Limit ? rows[page.Limit - 1].Id.ToString() : null;
        return TypedResults.Ok(new Page<AgentView>(rows.Take(page.Limit).Select(AgentView.From).ToList(), next));
    }

    private static async Task<IResult> GetAsync(Guid id, AgentsDbContext db, CancellationToken cancellationToken)
    {
        var agent = await db.Agents.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        return agent is null ? Problems.NotFound("No such agent.") : TypedResults.Ok(AgentView.From(agent));
    }

    private static async Task<IResult> CreateAsync(
        CreateAgentRequest? request, AgentsDbContext db, Passwords passwords, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors()
            .Required("name", request?.Name, AgentRules.MaxNameLength)
            .Email("email", request?.Email)
            .Password("password", request?.Password)
            .Role("role", request?.Role);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var email = AgentRules.NormalizeEmail(request!.Email!);
        if (await db.Agents.AnyAsync(a => a.Email == email, cancellationToken))
        {
            return EmailConflict(email);
        }

        var agent = new Agent
        {
            Id = Guid.CreateVersion7(),
            Name = request.Name!.Trim(),
            Email = email,
            PasswordHash = passwords.Hash(request.Password!),
            Role = request.Role!,
            Active = true,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Agents.Add(agent);
        db.Publish(new AgentCreated(agent.Id, agent.Name, agent.Email, agent.Role));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Two admins created the same email at once; the index decided.
            return EmailConflict(email);
        }

        return TypedResults.Created($"/api/v1/agents/{agent.Id}", AgentView.From(agent));
    }

    private static async Task<IResult> UpdateAsync(
        Guid id, UpdateAgentRequest? request, AgentsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (request?.Name is not null)
        {
            errors.Required("name", request.Name, AgentRules.MaxNameLength);
        }

        if (request?.Role is not null)
        {
            errors.Role("role", request.Role);
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var agent = await db.Agents.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (agent is null)
        {
            return Problems.NotFound("No such agent.");
        }

        var losesAdmin = agent is { Role: Roles.Admin, Active: true }
                         && ((request?.Role is not null && request.Role != Roles.Admin) || request?.Active == false);
        if (losesAdmin && !await db.Agents.AnyAsync(a => a.Id != id && a.Role == Roles.Admin && a.Active, cancellationToken))
        {
            return Problems.Conflict("last-admin", "The last admin must stay", "Make another agent an admin first.");
        }

        agent.Name = request?.Name?.Trim() ?? agent.Name;
        agent.Role = request?.Role ?? agent.Role;
        var deactivated = agent.Active && request?.Active == false;
        agent.Active = request?.Active ?? agent.Active;
        db.Publish(new AgentUpdated(agent.Id, agent.Name, agent.Email, agent.Role, agent.Active));
        await db.SaveChangesAsync(cancellationToken);
        if (deactivated)
        {
            var now = clock.GetUtcNow();
            await db.AccessTokens.Where(t => t.AgentId == id && t.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(AgentView.From(agent));
    }

    private static IResult EmailConflict(string email) =>
        Problems.Conflict("agent-email-conflict", "Email already in use", $"An agent with the email {email} already exists.");
}
