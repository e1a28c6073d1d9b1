namespace ModularDesk.Agents.Tokens;

internal sealed record TokenView(Guid Id, string Name, string Kind, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt);
