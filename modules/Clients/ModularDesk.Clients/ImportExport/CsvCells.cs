namespace ModularDesk.Clients.ImportExport;

/// <summary>
/// CSV/formula injection: a cell a spreadsheet would run as a formula (starting with = + - @, tab or carriage
/// return) is written with a leading apostrophe, which spreadsheets show as text.
/// </summary>
internal static class CsvCells
{
    public static string Escape(string? value) =>
        string.IsNullOrEmpty(value) ? string.Empty
        : value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value
        : value;
}
