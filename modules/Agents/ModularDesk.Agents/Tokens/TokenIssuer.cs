using Microsoft.Extensions.Configuration;
using ModularDesk.Agents.Persistence;

namespace ModularDesk.Agents.Tokens;

/// <summary>Creates access tokens: the row keeps the hash, the caller gets the token once.</summary>
internal sealed class TokenIssuer(AgentsDbContext db, IConfiguration configuration, TimeProvider clock)
{
    /// <summary>Read per sign-in, not at start-up, so a host's setting applies without rebuilding services.</summary>
    private TimeSpan SessionLifetime => TimeSpan.FromHours(configuration.GetValue("Auth:SessionHours", 12.0));

    public (AccessToken Row, string Token) IssueSession(Guid agentId)
    {
        var now = clock.GetUtcNow();
        return Issue(agentId, TokenKinds.Session, "Sign-in", now, now + SessionLifetime);
    }

    public (AccessToken Row, string Token) IssueApiToken(Guid agentId, string name) =>
        Issue(agentId, TokenKinds.Api, name, clock.GetUtcNow(), expiresAt: null);

    private (AccessToken Row, string Token) Issue(Guid agentId, string kind, string name, DateTimeOffset now, DateTimeOffset? expiresAt)
    {
        var token = OpaqueToken.Create();
        var row = new AccessToken
        {
            Id = Guid.CreateVersion7(),
            AgentId = agentId,
            Kind = kind,
            Name = name,
            TokenHash = OpaqueToken.Hash(token),
            CreatedAt = now,
            ExpiresAt = expiresAt,
        };
        db.AccessTokens.Add(row);
        return (row, token);
    }
}
