using System.Text;

namespace ModularDesk.BuildingBlocks.Files;

/// <summary>
/// The content type of a file judged from its first bytes, never from what the uploader declared: known
/// signatures (images, PDF, ZIP-based office files, …), else text when the head is valid UTF-8 without control
/// bytes, else <c>application/octet-stream</c>. SVG and HTML are reported as such so callers can refuse to serve
/// them inline.
/// </summary>
public static class ContentSniffer
{
    private static readonly (byte[] Signature, string ContentType)[] Signatures =
    [
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "image/png"),
        ([0xFF, 0xD8, 0xFF], "image/jpeg"),
        ("GIF87a"u8.ToArray(), "image/gif"),
        ("GIF89a"u8.ToArray(), "image/gif"),
        ("%PDF-"u8.ToArray(), "application/pdf"),
        ([0x50, 0x4B, 0x03, 0x04], "application/zip"),
        ([0x1F, 0x8B], "application/gzip"),
        ("OggS"u8.ToArray(), "audio/ogg"),
        ("ID3"u8.ToArray(), "audio/mpeg"),
        ([0x1A, 0x45, 0xDF, 0xA3], "video/webm"),
    ];

    public static string Sniff(ReadOnlySpan<byte> head)
    {
        foreach (var (signature, contentType) in Signatures)
        {
            if (head.StartsWith(signature))
            {
                return contentType;
            }
        }

        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }

        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8))
        {
            return "video/mp4";
        }

        return LooksLikeText(head, out var text) ? TextType(text) : "application/octet-stream";
    }

    /// <summary>Types a browser would render or run; serve these only as attachments.</summary>
    public static bool IsActiveContent(string contentType) =>
        contentType is "text/html" or "image/svg+xml" or "application/xml" or "text/xml";

    private static bool LooksLikeText(ReadOnlySpan<byte> head, out string text)
    {
        text = string.Empty;
        if (head.Length == 0)
        {
            return true;
        }

        // The head may end inside a multi-byte character; judge only complete characters.
        var decoder = new UTF8Encoding(false, true).GetDecoder();
        var chars = new char[head.Length];
        try
        {
            var count = decoder.GetChars(head, chars, flush: false);
            text = new string(chars, 0, count);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        return !text.Any(c => char.IsControl(c) && c is not '\r' and not '\n' and not '\t' and not '\f');
    }

    private static string TextType(string text)
    {
        var start = text.TrimStart('\uFEFF', ' ', '\r', '\n', '\t');
        if (start.StartsWith("<svg", StringComparison.OrdinalIgnoreCase) ||
            (start.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase) && start.Contains("<svg", StringComparison.OrdinalIgnoreCase)))
        {
            return "image/svg+xml";
        }

        if (start.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) ||
            start.StartsWith("<html", StringComparison.OrdinalIgnoreCase) ||
            start.Contains("<script", StringComparison.OrdinalIgnoreCase))
        {
            return "text/html";
        }

        return start.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase) ? "application/xml" : "text/plain";
    }
}
