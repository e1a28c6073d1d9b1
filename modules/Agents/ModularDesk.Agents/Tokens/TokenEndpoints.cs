using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using ModularDesk.Agents.Persistence;
using ModularDesk.Agents.Staff;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.BuildingBlocks.Security;

namespace ModularDesk.Agents.Tokens;

/// <summary>
/// An agent's API tokens for integrations under <c>/api/v1/auth/tokens</c>. A token acts as the agent who made it,
/// with that agent's current role, until it is revoked or the agent is deactivated.
/// </summary>
internal static class TokenEndpoints
{
    public static void MapTokenEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/auth/tokens").WithTags("Auth");
        group.MapPost("/", CreateAsync).WithName("CreateApiToken").WithSummary("Creates an API token; the token is shown only in this answer.");
        group.MapGet("/", ListAsync).WithName("ListApiTokens").WithSummary("The caller's API tokens that are not revoked, oldest first.");
        group.MapDelete("/{id:guid}", RevokeAsync).WithName("RevokeApiToken").WithSummary("Revokes one of the caller's tokens.");
    }

    private static async Task<IResult> CreateAsync(
        CreateTokenRequest? request, ClaimsPrincipal user, AgentsDbContext db, TokenIssuer issuer, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().Required("name", request?.Name, AgentRules.MaxNameLength);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var (row, token) = issuer.IssueApiToken(user.AgentId(), request!.Name!.Trim());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/auth/tokens/{row.Id}", new CreatedTokenView(row.Id, row.Name, token, row.CreatedAt));
    }

    private static async Task<IResult> ListAsync(
        int? limit, string? cursor, ClaimsPrincipal user, AgentsDbContext db, CancellationToken cancellationToken)
    {
        var page = PageRequest.From(limit, cursor);
        var agentId = user.AgentId();
        var query = db.AccessTokens.AsNoTracking().Where(t => t.AgentId == agentId && t.Kind == TokenKinds.Api && t.RevokedAt == null);
        if (page.Cursor is not null)
        {
            if (!Guid.TryParse(page.Cursor, out var after))
            {
                return Problems.Validation("cursor", "Not a cursor this list returned.");
            }

            query = query.Where(t => t.Id.CompareTo(after) > 0);
        }

        var rows = await query.OrderBy(t => t.Id).Take(page.Limit + 1)
            .Select(t => new TokenView(t.Id, t.Name, t.Kind, t.CreatedAt, t.ExpiresAt, t.LastUsedAt))
            .ToListAsync(cancellationToken);
        var next = rows.Count > page.Limit ? rows[page.Limit - 1].Id.ToString() : null;
        return TypedResults.Ok(new Page<TokenView>(rows.Take(page.Limit).ToList(), next));
    }

    private static async Task<IResult> RevokeAsync(
        Guid id, ClaimsPrincipal user, AgentsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var agentId = user.AgentId();
        var now = clock.GetUtcNow();
        var revoked = await db.AccessTokens.Where(t => t.Id == id && t.AgentId == agentId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
        return revoked == 0 ? Problems.NotFound("No such token of yours.") : TypedResults.NoContent();
    }
}
