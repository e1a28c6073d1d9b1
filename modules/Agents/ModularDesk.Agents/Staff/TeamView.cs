namespace ModularDesk.Agents.Staff;

internal sealed record TeamView(Guid Id, string Name, IReadOnlyList<Guid> MemberIds, DateTimeOffset CreatedAt)
{
    public static TeamView From(Team team) =>
        new(team.Id, team.Name, team.Members.Select(m => m.AgentId).Order().ToList(), team.CreatedAt);
}
