namespace ModularDesk.Agents.Staff;

/// <summary>A named group of agents tickets can be routed to.</summary>
internal sealed class Team
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public List<TeamMember> Members { get; set; } = [];
}
