namespace ModularDesk.Agents.SignIn;

internal sealed record LoginRequest(string? Email, string? Password);
