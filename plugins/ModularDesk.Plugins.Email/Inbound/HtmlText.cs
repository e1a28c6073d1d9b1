using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Ganss.Xss;

namespace ModularDesk.Plugins.Email.Inbound;

/// <summary>HTML mail bodies: made safe for display, and turned into plain text when a message has no text part.</summary>
internal static class HtmlText
{
    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "tr", "table", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "hr",
        "section", "article", "header", "footer", "address", "dl", "dt", "dd", "center",
    };

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    /// <summary>The HTML without scripts, event handlers, forms or remote-code constructs; inline images (<c>cid:</c>) kept.</summary>
    public static string Sanitize(string html) => Sanitizer.Sanitize(html);

    /// <summary>Readable text of an HTML body: blocks and line breaks become new lines, scripts and styles are dropped.</summary>
    public static string ToText(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        foreach (var element in document.QuerySelectorAll("script, style, head, title, template").ToList())
        {
            element.Remove();
        }

        var text = new StringBuilder();
        Append(document.Body ?? (INode)document.DocumentElement, text);
        var lines = text.ToString().Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n').Select(l => l.Trim());
        var result = new StringBuilder();
        var blank = 0;
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                blank++;
                continue;
            }

            if (result.Length > 0)
            {
                result.Append(blank > 0 ? "\n\n" : "\n");
            }

            result.Append(line);
            blank = 0;
        }

        return result.ToString();
    }

    private static void Append(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText t:
                    AppendCollapsed(t.Data, text);
                    break;
                case IElement { LocalName: "br" }:
                    text.Append('\n');
                    break;
                case IElement element when Blocks.Contains(element.LocalName):
                    text.Append('\n');
                    if (element.LocalName == "li")
                    {
                        text.Append("- ");
                    }

                    if (element.LocalName == "pre")
                    {
                        text.Append(element.TextContent);
                    }
                    else
                    {
                        Append(element, text);
                    }

                    text.Append('\n');
                    break;
                case IElement { LocalName: "td" or "th" } cell:
                    Append(cell, text);
                    text.Append(' ');
                    break;
                case IElement { LocalName: "img" } image when image.GetAttribute("alt") is { Length: > 0 } alt:
                    text.Append(alt);
                    break;
                case IElement element:
                    Append(element, text);
                    break;
            }
        }
    }

    private static void AppendCollapsed(string data, StringBuilder text)
    {
        var space = text.Length > 0 && !char.IsWhiteSpace(text[^1]);
        foreach (var c in data)
        {
            if (char.IsWhiteSpace(c) || c == '\u00a0')
            {
                space = true;
                continue;
            }

            if (space && text.Length > 0 && text[^1] != '\n' && text[^1] != ' ')
            {
                text.Append(' ');
            }

            space = false;
            text.Append(c);
        }

        if (space && text.Length > 0 && text[^1] != '\n' && text[^1] != ' ')
        {
            text.Append(' ');
        }
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Add("cid");
        sanitizer.AllowedSchemes.Add("mailto");
        return sanitizer;
    }
}
