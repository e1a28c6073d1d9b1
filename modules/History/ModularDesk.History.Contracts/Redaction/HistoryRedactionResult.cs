namespace ModularDesk.History.Contracts.Redaction;

/// <summary>How many rows a redaction changed: timeline entries, card changes, outbound messages and logged events.</summary>
public sealed record HistoryRedactionResult(int TimelineEntries, int CardChanges, int OutboundMessages, int LoggedEvents);
