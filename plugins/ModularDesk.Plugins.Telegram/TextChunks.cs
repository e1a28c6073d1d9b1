namespace ModularDesk.Plugins.Telegram;

/// <summary>Splits a long text into messages a messenger accepts (Telegram: 4,096 characters each).</summary>
internal static class TextChunks
{
    public const int TelegramMaxLength = 4096;

    /// <summary>
    /// Pieces of at most <paramref name="maxLength"/> UTF-16 units, cut after a line break where one is in the
    /// second half of the window, else after a space, else anywhere but inside a surrogate pair. Joining the pieces
    /// gives the text back unchanged; blank input gives no pieces.
    /// </summary>
    public static IReadOnlyList<string> Split(string? text, int maxLength = TelegramMaxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var pieces = new List<string>();
        var start = 0;
        while (text.Length - start > maxLength)
        {
            var window = text.AsSpan(start, maxLength);
            var cut = window.LastIndexOf('\n') + 1;
            if (cut <= maxLength / 2)
            {
                cut = window.LastIndexOf(' ') + 1;
            }

            if (cut <= maxLength / 2)
            {
                cut = char.IsHighSurrogate(window[maxLength - 1]) ? maxLength - 1 : maxLength;
            }

            pieces.Add(text.Substring(start, cut));
            start += cut;
        }

        pieces.Add(text[start..]);
        return pieces;
    }
}
