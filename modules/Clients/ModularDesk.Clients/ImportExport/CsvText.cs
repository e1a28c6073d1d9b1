using System.Text;

namespace ModularDesk.Clients.ImportExport;

/// <summary>
/// Turns an uploaded CSV's bytes into text: a byte-order mark decides (UTF-8, UTF-16); else strict UTF-8 when the
/// bytes are valid UTF-8; else the Windows code page whose letters the text looks like — Windows-1250 (Polish,
/// Czech, …) when it yields more Central European letters than Windows-1252 yields Western ones, else Windows-1252.
/// Single-byte code pages decode every byte, so nothing is lost; what is unreadable is reported per row by the parser.
/// </summary>
internal static class CsvText
{
    private const string CentralEuropeanLetters = "ąćęłńśźżĄĆĘŁŃŚŹŻčďěňřšťůžČĎĚŇŘŠŤŮŽőűŐŰĺľŕĹĽŔ";
    private const string WesternLetters = "àâäçèêëîïôùûüÿñãõßœæÀÂÄÇÈÊËÎÏÔÙÛÜŸÑÃÕŒÆ";

    static CsvText() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static (string Text, string EncodingName) Decode(byte[] bytes)
    {
        if (bytes.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }))
        {
            return (new UTF8Encoding(false).GetString(bytes, 3, bytes.Length - 3), "utf-8");
        }

        if (bytes.AsSpan().StartsWith(new byte[] { 0xFF, 0xFE }))
        {
            return (Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2), "utf-16le");
        }

        if (bytes.AsSpan().StartsWith(new byte[] { 0xFE, 0xFF }))
        {
            return (Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2), "utf-16be");
        }

        try
        {
            return (new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes), "utf-8");
        }
        catch (DecoderFallbackException)
        {
            var centralEuropean = Encoding.GetEncoding(1250).GetString(bytes);
            var western = Encoding.GetEncoding(1252).GetString(bytes);
            return Count(centralEuropean, CentralEuropeanLetters) > Count(western, WesternLetters)
                ? (centralEuropean, "windows-1250")
                : (western, "windows-1252");
        }
    }

    private static int Count(string text, string letters) => text.Count(c => c > 127 && letters.Contains(c));
}
