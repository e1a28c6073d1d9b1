namespace ModularDesk.Agents.Tokens;

internal sealed record CreateTokenRequest(string? Name);
