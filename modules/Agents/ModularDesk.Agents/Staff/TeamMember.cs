namespace ModularDesk.Agents.Staff;

internal sealed class TeamMember
{
    public Guid TeamId { get; set; }

    public Guid AgentId { get; set; }
}
