namespace ModularDesk.Agents.Staff;

internal sealed record CreateTeamRequest(string? Name, IReadOnlyList<Guid>? MemberIds);
