namespace ModularDesk.Clients.Files;

/// <summary>File names as a card shows them: no path, no control characters, at most 255 characters.</summary>
internal static class ClientFileNames
{
    public const int MaxLength = 255;

    public static string? Clean(string? name)
    {
        if (name is null)
        {
            return null;
        }

        // Browsers send "C:\fakepath\x.pdf" or full paths; only the last segment is the name.
        var last = name.Replace('\\', '/').Split('/').Last();
        var cleaned = new string(last.Where(c => !char.IsControl(c)).ToArray()).Trim().Trim('"');
        if (cleaned.Length > MaxLength)
        {
            var extension = Path.GetExtension(cleaned);
            cleaned = extension.Length is > 0 and <= 16
                ? cleaned[..(MaxLength - extension.Length)] + extension
                : cleaned[..MaxLength];
        }

        return cleaned.Length == 0 || cleaned is "." or ".." ? null : cleaned;
    }
}
