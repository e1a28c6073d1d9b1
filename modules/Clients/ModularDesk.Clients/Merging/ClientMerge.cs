namespace ModularDesk.Clients.Merging;

/// <summary>
/// One merge (C13) and what undoing it (C14) needs: both cards exactly as they were before (with contacts and
/// identities), and the files and records that moved from the merged card to the survivor.
/// </summary>
internal sealed class ClientMerge
{
    public static readonly TimeSpan UndoWindow = TimeSpan.FromDays(30);

    public Guid Id { get; set; }

    public Guid SurvivorId { get; set; }

    public Guid MergedId { get; set; }

    public DateTimeOffset MergedAt { get; set; }

    public Guid? ActorId { get; set; }

    public required string ActorName { get; set; }

    /// <summary>The survivor before the merge: a JSON <c>ClientCard</c> with its contacts and their identities.</summary>
    public required string SurvivorSnapshot { get; set; }

    /// <summary>The merged card before the merge, in the same shape.</summary>
    public required string MergedSnapshot { get; set; }

    public List<Guid> MovedFileIds { get; set; } = [];

    public List<Guid> MovedRecordIds { get; set; } = [];

    public DateTimeOffset? UndoneAt { get; set; }
}
