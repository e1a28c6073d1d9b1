using ModularDesk.Agents.Staff;

namespace ModularDesk.Agents.SignIn;

internal sealed record LoginResponse(string Token, DateTimeOffset? ExpiresAt, AgentView Agent);
