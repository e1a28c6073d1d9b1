using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using ModularDesk.Agents.Persistence;
using ModularDesk.Agents.Staff;
using ModularDesk.Agents.Tokens;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.BuildingBlocks.Security;

namespace ModularDesk.Agents.SignIn;

/// <summary><c>/api/v1/auth/login</c>, <c>/logout</c> and <c>/me</c>.</summary>
internal static class SignInEndpoints
{
    public static void MapSignInEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/auth").WithTags("Auth");
        group.MapPost("/login", LoginAsync).AllowAnonymous().WithName("Login")
            .WithSummary("Exchanges email and password for a session token (12 h). Throttled per account and address.");
        group.MapPost("/logout", LogoutAsync).WithName("Logout").WithSummary("Revokes the token this request was sent with.");
        group.MapGet("/me", MeAsync).WithName("Me").WithSummary("The signed-in agent.");
    }

    private static async Task<IResult> LoginAsync(
        LoginRequest? request,
        HttpContext http,
        AgentsDbContext db,
        LoginThrottle throttle,
        Passwords passwords,
        TokenIssuer issuer,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors()
            .Required("email", request?.Email, AgentRules.MaxEmailLength)
            .Required("password", request?.Password, 1000);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var email = AgentRules.NormalizeEmail(request!.Email!);
        var ip = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (await throttle.RetryAfterAsync(email, ip, cancellationToken) is { } wait)
        {
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return Problems.Create(
                StatusCodes.Status429TooManyRequests, "too-many-requests", "Too many failed sign-ins",
                $"Try again in {seconds} seconds.");
        }

        var agent = await db.Agents.SingleOrDefaultAsync(a => a.Email == email, cancellationToken);
        var check = PasswordCheck.Wrong;
        if (agent is null)
        {
            passwords.VerifyAgainstDecoy(request.Password!);
        }
        else
        {
            check = passwords.Verify(agent.PasswordHash, request.Password!);
        }

        // An inactive agent gets the same answer as a wrong password: nothing tells an attacker the account exists.
        var succeeded = agent is { Active: true } && check != PasswordCheck.Wrong;
        throttle.Record(email, ip, succeeded);
        if (!succeeded)
        {
            await db.SaveChangesAsync(cancellationToken);
            return Problems.Create(
                StatusCodes.Status401Unauthorized, "unauthorized", "Sign-in failed", "The email or password is incorrect.");
        }

        if (check == PasswordCheck.CorrectButRehash)
        {
            agent!.PasswordHash = passwords.Hash(request.Password!);
        }

        var (row, token) = issuer.IssueSession(agent!.Id);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new LoginResponse(token, row.ExpiresAt, AgentView.From(agent)));
    }

    private static async Task<IResult> LogoutAsync(ClaimsPrincipal user, AgentsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var tokenId = Guid.Parse(user.FindFirstValue(BearerAuthentication.TokenIdClaim)!);
        var now = clock.GetUtcNow();
        await db.AccessTokens.Where(t => t.Id == tokenId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> MeAsync(ClaimsPrincipal user, AgentsDbContext db, CancellationToken cancellationToken)
    {
        var agentId = user.AgentId();
        var agent = await db.Agents.AsNoTracking().SingleAsync(a => a.Id == agentId, cancellationToken);
        return TypedResults.Ok(AgentView.From(agent));
    }
}
