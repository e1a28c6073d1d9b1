namespace ModularDesk.Agents.Tokens;

/// <summary>The only answer that ever contains the token itself.</summary>
internal sealed record CreatedTokenView(Guid Id, string Name, string Token, DateTimeOffset CreatedAt);
