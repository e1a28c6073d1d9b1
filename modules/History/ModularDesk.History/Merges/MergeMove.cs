namespace ModularDesk.History.Merges;

/// <summary>
/// One row a merge moved (a timeline entry or an outbound message) and the card it came from, so undoing exactly that
/// merge moves exactly those rows back, also when merges were chained.
/// </summary>
internal sealed class MergeMove
{
    public Guid MergeId { get; set; }

    /// <summary><c>entry</c> or <c>outbound</c>.</summary>
    public string RowKind { get; set; } = "";

    public Guid RowId { get; set; }

    public Guid FromClientId { get; set; }
}
