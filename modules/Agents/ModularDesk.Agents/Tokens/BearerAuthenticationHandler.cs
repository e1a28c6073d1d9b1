using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModularDesk.Agents.Persistence;

namespace ModularDesk.Agents.Tokens;

/// <summary>
/// <c>Authorization: Bearer mdk_…</c>: one indexed lookup of the token's hash, joined with its agent, which must be
/// active; the token must be neither revoked nor expired. Failures answer with problem details, not an empty 401.
/// </summary>
internal sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    AgentsDbContext db,
    TimeProvider clock,
    IProblemDetailsService problemDetails)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    /// <summary>Writing on every request would turn reads into writes; a minute is precise enough for "last used".</summary>
    private static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith(BearerAuthentication.Scheme + " ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header[(BearerAuthentication.Scheme.Length + 1)..].Trim();
        if (token.Length is 0 or > 200)
        {
            return AuthenticateResult.Fail("Malformed bearer token.");
        }

        var hash = OpaqueToken.Hash(token);
        var now = clock.GetUtcNow();
        var match = await db.AccessTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash && t.RevokedAt == null && (t.ExpiresAt == null || t.ExpiresAt > now))
            .Join(db.Agents.Where(a => a.Active), t => t.AgentId, a => a.Id,
                (t, a) => new { TokenId = t.Id, t.LastUsedAt, AgentId = a.Id, a.Name, a.Email, a.Role })
            .SingleOrDefaultAsync(Context.RequestAborted);
        if (match is null)
        {
            return AuthenticateResult.Fail("Unknown, expired or revoked token.");
        }

        if (match.LastUsedAt is null || match.LastUsedAt < now - LastUsedPrecision)
        {
            var stale = now - LastUsedPrecision;
            await db.AccessTokens
                .Where(t => t.Id == match.TokenId && (t.LastUsedAt == null || t.LastUsedAt < stale))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, match.AgentId.ToString()),
                new Claim(ClaimTypes.Name, match.Name),
                new Claim(ClaimTypes.Email, match.Email),
                new Claim(ClaimTypes.Role, match.Role),
                new Claim(BearerAuthentication.TokenIdClaim, match.TokenId.ToString()),
            ],
            Scheme.Name,
            ClaimTypes.Name,
            ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = BearerAuthentication.Scheme;
        return WriteProblemAsync(
            StatusCodes.Status401Unauthorized, "Sign-in required", "Send a valid token as 'Authorization: Bearer <token>'.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Not allowed", "Your role does not allow this.");

    private async Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        if (Response.HasStarted)
        {
            return;
        }

        // The host's problem customizer gives the type its /problems/<slug> from the status.
        await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
