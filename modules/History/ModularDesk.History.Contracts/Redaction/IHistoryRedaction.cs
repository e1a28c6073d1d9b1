namespace ModularDesk.History.Contracts.Redaction;

/// <summary>
/// How Compliance removes personal data from what History holds. Redaction keeps the rows (a timeline keeps its
/// shape: "a message was here") but replaces their personal text — excerpts, subjects, names as written, recipient
/// addresses, card-change before/after — with <see cref="Marker"/>, in the read models and in History's event log,
/// so a later rebuild cannot bring the text back. Deleting a client (ClientDeleted) removes its rows instead.
/// Both calls are idempotent and commit before they return.
/// </summary>
public interface IHistoryRedaction
{
    public const string Marker = "[redacted]";

    /// <summary>Everything History holds about one client: its timeline, card changes, outbound messages and its name.</summary>
    Task<HistoryRedactionResult> RedactClientAsync(Guid clientId, CancellationToken cancellationToken);

    /// <summary>Single timeline entries (message ids, outbound ids), e.g. one message a client asked to remove.</summary>
    Task<HistoryRedactionResult> RedactEntriesAsync(IReadOnlyCollection<Guid> entryIds, CancellationToken cancellationToken);
}
