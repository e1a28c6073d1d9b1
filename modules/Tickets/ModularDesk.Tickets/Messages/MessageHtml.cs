using System.Net;
using System.Text.RegularExpressions;
using Ganss.Xss;

namespace ModularDesk.Tickets.Messages;

/// <summary>HTML of messages: sanitized on the way in (HtmlSanitizer's allow-list; scripts, handlers and
/// <c>javascript:</c> URLs removed), so what is stored and served is already safe to render.</summary>
internal sealed partial class MessageHtml
{
    private readonly HtmlSanitizer sanitizer = new();

    public string? Sanitize(string? html) => string.IsNullOrWhiteSpace(html) ? null : sanitizer.Sanitize(html);

    /// <summary>A rough plain-text view for excerpts and language hints (tags dropped, entities decoded).</summary>
    public static string? ToPlainText(string? html) =>
        string.IsNullOrWhiteSpace(html) ? null : WebUtility.HtmlDecode(Tags().Replace(html, " "));

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();
}
