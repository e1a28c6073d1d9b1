namespace ModularDesk.Agents.Staff;

internal sealed record CreateAgentRequest(string? Name, string? Email, string? Password, string? Role);
