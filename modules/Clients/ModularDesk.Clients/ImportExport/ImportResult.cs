namespace ModularDesk.Clients.ImportExport;

/// <param name="Skipped">Rows not applied: rows with errors, and matched cards the row would not change.</param>
internal sealed record ImportResult(
    bool DryRun, string Encoding, int Created, int Updated, int Skipped, IReadOnlyList<ImportError> Errors, IReadOnlyList<string> IgnoredColumns);

/// <param name="Row">The line of the file the row starts on (the header is line 1).</param>
internal sealed record ImportError(int Row, string Message);
