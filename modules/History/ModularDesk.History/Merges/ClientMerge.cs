namespace ModularDesk.History.Merges;

/// <summary>A merge History applied: while it stands, anything that arrives for the merged card goes to the survivor.</summary>
internal sealed class ClientMerge
{
    public Guid Id { get; set; }

    public Guid SurvivorId { get; set; }

    public Guid MergedId { get; set; }

    public DateTimeOffset At { get; set; }

    public bool Undone { get; set; }
}
