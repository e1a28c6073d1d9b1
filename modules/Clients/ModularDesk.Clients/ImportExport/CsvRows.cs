using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace ModularDesk.Clients.ImportExport;

/// <summary>One record of an uploaded CSV: its fields, or why it could not be read, and the line it starts on.</summary>
internal sealed record CsvRow(int Line, string[]? Fields, string? Error);

/// <summary>
/// Reads CSV records with CsvHelper and survives broken quoting: a record with a stray or unterminated quote, or
/// with a different number of fields than the header, is reported as an error on the line it starts on, and
/// reading starts again on the next line, so one bad quote does not swallow the rest of the file.
/// </summary>
internal static class CsvRows
{
    public static IEnumerable<CsvRow> Read(string text)
    {
        var offset = 0;
        var line = 1;
        string? delimiter = null;
        int? columns = null;
        while (offset < text.Length)
        {
            var bad = false;
            var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
            {
                BadDataFound = _ => bad = true,
                MissingFieldFound = null,
                IgnoreBlankLines = true,
                DetectDelimiter = delimiter is null,
                DetectDelimiterValues = [",", ";", "\t", "|"],
                Delimiter = delimiter ?? ",",
                TrimOptions = TrimOptions.None,
            };
            using var parser = new CsvParser(new StringReader(text[offset..]), configuration);
            var restartAt = -1;
            long consumed = 0;
            while (parser.Read())
            {
                delimiter ??= parser.Delimiter;
                var raw = text.Substring(offset + (int)consumed, (int)(parser.CharCount - consumed));
                var start = line + LeadingBlankLines(raw);
                var fields = parser.Record ?? [];
                columns ??= fields.Length;
                if (bad || fields.Length != columns)
                {
                    yield return new CsvRow(start, null, bad
                        ? "The row could not be read: a quote is misplaced or never closed."
                        : $"The row has {fields.Length} columns; the header has {columns}.");
                    var lineEnd = text.IndexOf('\n', offset + (int)consumed + (raw.Length - raw.TrimStart('\r', '\n').Length));
                    restartAt = lineEnd < 0 ? text.Length : lineEnd + 1;
                    line = start + 1;
                    break;
                }

                yield return new CsvRow(start, fields, null);
                line += raw.Count(c => c == '\n');
                consumed = parser.CharCount;
            }

            if (restartAt < 0)
            {
                yield break;
            }

            offset = restartAt;
        }
    }

    private static int LeadingBlankLines(string raw)
    {
        var count = 0;
        foreach (var c in raw)
        {
            if (c == '\n')
            {
                count++;
            }
            else if (c != '\r')
            {
                break;
            }
        }

        return count;
    }
}
