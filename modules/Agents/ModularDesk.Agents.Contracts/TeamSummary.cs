namespace ModularDesk.Agents.Contracts;

/// <summary>A team as other modules see it.</summary>
public sealed record TeamSummary(Guid Id, string Name, IReadOnlyList<Guid> MemberIds);
