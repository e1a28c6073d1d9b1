using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;
using MimeKit;
using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Plugins.Email.Inbound;

/// <summary>
/// Turns one raw RFC 5322 message into the desk's <see cref="InboundMessage"/>. Never throws for bad input:
/// whatever cannot be read is flagged <see cref="InboundFlags.Malformed"/> (or <see cref="InboundFlags.Truncated"/>
/// when a limit cut it) and the raw message rides along as <c>original.eml</c>, so nothing is lost.
/// </summary>
internal static class MailParser
{
    /// <summary>The sender used when a message names none that can be read.</summary>
    public const string UnknownSender = "unknown-sender@invalid";

    private const string OriginalName = "original.eml";
    private const int MaxRecoveredText = 1024 * 1024;

    private static readonly ParserOptions Parser = CreateParserOptions();

    public static ParsedMail Parse(ReadOnlyMemory<byte> raw)
    {
        var flags = InboundFlags.None;
        MimeMessage? message = null;
        try
        {
            using var stream = new MemoryStream(raw.ToArray(), writable: false);
            message = MimeMessage.Load(Parser, stream);
        }
        catch (Exception e) when (e is FormatException or ParseException or ArgumentException or InvalidOperationException or IOException)
        {
            flags |= InboundFlags.Malformed;
        }

        flags |= CheckRawHeaders(raw.Span);
        if (message is null || message.Headers.Count == 0)
        {
            return Unreadable(raw, flags | InboundFlags.Malformed);
        }

        try
        {
            return FromMessage(message, raw, flags);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A part MimeKit parsed but cannot decode: keep what the raw bytes give.
            return Unreadable(raw, flags | InboundFlags.Malformed);
        }
    }

    /// <summary>The external id of a message: its Message-ID, or a stable id derived from its bytes when it has none.</summary>
    public static string SyntheticId(ReadOnlySpan<byte> raw) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(raw));

    private static ParsedMail FromMessage(MimeMessage message, ReadOnlyMemory<byte> raw, InboundFlags flags)
    {
        var attachments = new List<InboundAttachment>();
        var nestedTexts = new List<string>();
        var boundaries = new List<string>();
        flags |= Walk(message.Body, attachments, nestedTexts, boundaries, depth: 0);
        if (boundaries.Any(b => raw.Span.IndexOf(Encoding.ASCII.GetBytes($"--{b}--")) < 0))
        {
            flags |= InboundFlags.Malformed; // a multipart without its closing boundary (cut off or broken)
        }

        // Sender: From, else Sender / Reply-To / Return-Path; a message without a readable From is malformed.
        var mailbox = message.From.Mailboxes.FirstOrDefault(m => IsAddress(m.Address));
        if (mailbox is null)
        {
            flags |= InboundFlags.Malformed;
            mailbox = new[] { message.Sender }.Concat(message.ReplyTo.Mailboxes)
                .FirstOrDefault(m => m is not null && IsAddress(m.Address));
        }

        var address = mailbox?.Address.Trim() ?? ReturnPath(message) ?? UnknownSender;
        var displayName = Cut(Blank(mailbox?.Name), Limits.Name, ref flags);

        var externalId = Blank(message.MessageId) is { Length: <= Limits.ExternalMessageId } messageId ? messageId : SyntheticId(raw.Span);

        var subject = Cut(message.Subject, Limits.Subject, ref flags);
        var (fullText, html) = Bodies(message, nestedTexts, ref flags);
        var shownText = fullText is null ? null : QuoteStripper.Strip(fullText);
        string? shownHtml = null;
        if (html is not null)
        {
            shownHtml = HtmlText.Sanitize(html);
        }
        else if (fullText is not null && shownText != fullText.Trim())
        {
            // The shown text lost the quoted history; the original stays readable here.
            shownHtml = "<pre>" + WebUtility.HtmlEncode(fullText) + "</pre>";
        }

        var (isBounce, hardBounces) = AutoReplyDetector.DetectBounce(message);
        if (isBounce)
        {
            flags |= InboundFlags.Bounce;
        }
        else if (AutoReplyDetector.IsAutoReply(message.Headers))
        {
            flags |= InboundFlags.AutoReply;
        }

        if (attachments.Count > Limits.Attachments - 1)
        {
            flags |= InboundFlags.Truncated;
            attachments.RemoveRange(Limits.Attachments - 1, attachments.Count - (Limits.Attachments - 1));
        }

        if ((flags & (InboundFlags.Malformed | InboundFlags.Truncated)) != 0)
        {
            attachments.Add(new InboundAttachment(OriginalName, "message/rfc822", raw.ToArray()));
        }

        var inbound = new InboundMessage(externalId, new InboundSender(SenderKind.Email, address)
        {
            DisplayName = displayName,
            LanguageHint = Language(message),
        })
        {
            Subject = subject,
            Text = shownText,
            Html = shownHtml,
            SentAt = message.Date == DateTimeOffset.MinValue ? null : message.Date.ToUniversalTime(),
            InReplyTo = Blank(message.InReplyTo) is { Length: <= Limits.ThreadId } inReplyTo ? inReplyTo : null,
            References = message.References.Where(r => r.Length is > 0 and <= Limits.ThreadId).TakeLast(Limits.References).ToList(),
            Attachments = attachments,
            Headers = Headers(message.Headers, ref flags),
        };
        return new ParsedMail(inbound with { Flags = flags }, hardBounces);
    }

    /// <summary>The text (plain part, else the HTML as text, else a forwarded message's text) and the HTML part.</summary>
    private static (string? Text, string? Html) Bodies(MimeMessage message, List<string> nestedTexts, ref InboundFlags flags)
    {
        var text = Blank(message.TextBody);
        var html = Blank(message.HtmlBody);
        if (text is null && html is not null)
        {
            text = Blank(HtmlText.ToText(html));
        }

        if (text is null && nestedTexts.Count > 0)
        {
            text = string.Join("\n\n", nestedTexts);
        }

        if (text is null && message.Body is Multipart multipart)
        {
            // Broken boundaries leave the client's words in the preamble or epilogue.
            text = Blank(multipart.Preamble) ?? Blank(multipart.Epilogue);
        }

        if (text is not null && text.Length > MaxRecoveredText)
        {
            text = text[..MaxRecoveredText];
            flags |= InboundFlags.Truncated;
        }

        return (text, html);
    }

    /// <summary>Collects attachments and inline parts and notices broken structure (missing end boundary, bad base64).</summary>
    private static InboundFlags Walk(
        MimeEntity? entity, List<InboundAttachment> attachments, List<string> nestedTexts, List<string> boundaries, int depth)
    {
        var flags = InboundFlags.None;
        switch (entity)
        {
            case null:
                return flags;
            case Multipart multipart:
                if (string.IsNullOrEmpty(multipart.ContentType.Boundary))
                {
                    flags |= InboundFlags.Malformed;
                }
                else if (depth == 0 || multipart.Count > 0)
                {
                    boundaries.Add(multipart.ContentType.Boundary);
                }

                if (depth > 20)
                {
                    return flags | InboundFlags.Truncated;
                }

                foreach (var child in multipart)
                {
                    flags |= Walk(child, attachments, nestedTexts, boundaries, depth + 1);
                }

                return flags;
            case MessagePart { Message: { } nested }:
                using (var buffer = new MemoryStream())
                {
                    nested.WriteTo(buffer);
                    attachments.Add(new InboundAttachment(
                        AttachmentName((Blank(nested.Subject) ?? "message") + ".eml", attachments.Count, "message/rfc822"),
                        "message/rfc822",
                        buffer.ToArray()));
                }

                if ((Blank(nested.TextBody) ?? (Blank(nested.HtmlBody) is { } nestedHtml ? HtmlText.ToText(nestedHtml) : null)) is { } nestedText)
                {
                    nestedTexts.Add(nestedText);
                }

                return flags;
            case MimePart part:
                if (part.ContentTransferEncoding == ContentEncoding.Base64 && !IsCleanBase64(part))
                {
                    flags |= InboundFlags.Malformed;
                }

                if (part is TextPart { IsAttachment: false } textPart && (textPart.IsPlain || textPart.IsHtml))
                {
                    return flags; // a body part: shown as the message text
                }

                using (var content = new MemoryStream())
                {
                    part.Content?.DecodeTo(content);
                    var contentType = part.ContentType.MimeType;
                    var name = part.FileName ?? (part.ContentId is { Length: > 0 } cid ? "cid-" + cid : null);
                    attachments.Add(new InboundAttachment(AttachmentName(name, attachments.Count, contentType), contentType, content.ToArray()));
                }

                return flags;
            default:
                return flags;
        }
    }

    private static bool IsCleanBase64(MimePart part)
    {
        if (part.Content?.Stream is not { } source)
        {
            return true;
        }

        using var encoded = new MemoryStream();
        source.Position = 0;
        source.CopyTo(encoded);
        var significant = new List<byte>((int)encoded.Length);
        foreach (var b in encoded.GetBuffer().AsSpan(0, (int)encoded.Length))
        {
            if (b is (byte)'\r' or (byte)'\n' or (byte)' ' or (byte)'\t')
            {
                continue;
            }

            significant.Add(b);
        }

        return Base64.IsValid(significant.ToArray().AsSpan());
    }

    /// <summary>Header lines longer than RFC 5322 allows, and 8-bit header bytes that are not UTF-8.</summary>
    private static InboundFlags CheckRawHeaders(ReadOnlySpan<byte> raw)
    {
        var end = raw.IndexOf("\r\n\r\n"u8);
        var bareEnd = raw.IndexOf("\n\n"u8);
        if (end < 0 || (bareEnd >= 0 && bareEnd < end))
        {
            end = bareEnd;
        }

        var headers = end < 0 ? raw : raw[..end];
        var flags = InboundFlags.None;
        foreach (var range in headers.Split((byte)'\n'))
        {
            if (headers[range].TrimEnd((byte)'\r').Length > Limits.LineLength)
            {
                flags |= InboundFlags.Malformed;
                break;
            }
        }

        if (headers.IndexOfAnyInRange((byte)0x80, (byte)0xff) >= 0 && !Utf8.IsValid(headers))
        {
            flags |= InboundFlags.Malformed;
        }

        return flags;
    }

    /// <summary>A message MimeKit could not read at all: the raw bytes as text and as <c>original.eml</c>.</summary>
    private static ParsedMail Unreadable(ReadOnlyMemory<byte> raw, InboundFlags flags)
    {
        var text = Encoding.UTF8.GetString(raw.Span[..Math.Min(raw.Length, MaxRecoveredText)]);
        return new ParsedMail(
            new InboundMessage(SyntheticId(raw.Span), new InboundSender(SenderKind.Email, UnknownSender))
            {
                Text = string.IsNullOrWhiteSpace(text) ? null : text,
                Attachments = [new InboundAttachment(OriginalName, "message/rfc822", raw.ToArray())],
                Flags = flags | InboundFlags.Malformed,
            },
            []);
    }

    private static Dictionary<string, IReadOnlyList<string>> Headers(HeaderList headers, ref InboundFlags flags)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in headers)
        {
            var name = header.Field.Trim();
            if (name.Length is 0 or > 200)
            {
                continue;
            }

            if (!result.TryGetValue(name, out var values))
            {
                if (result.Count >= Limits.HeaderNames)
                {
                    flags |= InboundFlags.Truncated;
                    continue;
                }

                values = new List<string>();
                result[name] = values;
            }

            if (values.Count >= 50)
            {
                flags |= InboundFlags.Truncated;
                continue;
            }

            ((List<string>)values).Add(Cut(header.Value, Limits.HeaderValue, ref flags) ?? string.Empty);
        }

        return result;
    }

    private static string? Language(MimeMessage message)
    {
        var value = message.Headers["Content-Language"] ?? message.Body?.Headers["Content-Language"];
        var first = value?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return first is { Length: > 0 and <= Limits.LanguageHint } ? first : null;
    }

    private static string? ReturnPath(MimeMessage message) =>
        message.Headers["Return-Path"]?.Trim().Trim('<', '>').Trim() is { } path && IsAddress(path) ? path : null;

    private static bool IsAddress(string? address) =>
        address is { Length: > 2 and <= Limits.Address } && address.Contains('@', StringComparison.Ordinal) && !address.Any(char.IsWhiteSpace);

    private static string AttachmentName(string? name, int index, string contentType)
    {
        name = Blank(name)?.Replace('/', '_').Replace('\\', '_');
        if (name is null)
        {
            name = $"part-{index + 1}" + (MimeTypes.TryGetExtension(contentType, out var extension) ? extension : ".bin");
        }

        return name.Length <= Limits.Name ? name : name[..Limits.Name];
    }

    private static string? Cut(string? value, int length, ref InboundFlags flags)
    {
        if (value is null || value.Length <= length)
        {
            return value;
        }

        flags |= InboundFlags.Truncated;
        return value[..length];
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static ParserOptions CreateParserOptions()
    {
        var options = ParserOptions.Default.Clone();
        options.AddressParserComplianceMode = RfcComplianceMode.Looser;
        options.ParameterComplianceMode = RfcComplianceMode.Looser;
        options.Rfc2047ComplianceMode = RfcComplianceMode.Looser;
        options.AllowAddressesWithoutDomain = false;
        return options;
    }
}
