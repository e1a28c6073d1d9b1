namespace ModularDesk.Agents.Tokens;

/// <summary>
/// A bearer token of an agent: a sign-in session (expires) or an API token for an integration (does not).
/// Only the SHA-256 of the token is stored; the token itself is shown once.
/// </summary>
internal sealed class AccessToken
{
    public Guid Id { get; set; }

    public Guid AgentId { get; set; }

    /// <summary><see cref="TokenKinds.Session"/> or <see cref="TokenKinds.Api"/>.</summary>
    public string Kind { get; set; } = "";

    public string Name { get; set; } = "";

    public byte[] TokenHash { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
