namespace ModularDesk.Agents.Staff;

/// <summary>A merge patch: a field left out (or null) keeps its value.</summary>
internal sealed record UpdateAgentRequest(string? Name, string? Role, bool? Active);
