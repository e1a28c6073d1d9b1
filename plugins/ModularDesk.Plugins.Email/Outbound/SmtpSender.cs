using System.Net.Sockets;
using System.Text.RegularExpressions;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using MimeKit.Utils;
using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Plugins.Email.Outbound;

/// <summary>
/// Sends one reply over SMTP: From = the agent's display name at the channel's address, Message-ID derived from
/// the outbound id (a retry sends the same id, so the client's mail program shows one message), In-Reply-To and
/// References for threading and the <c>[#number]</c> ticket token in the subject. 5xx answers are permanent
/// failures, 4xx and connection trouble are retried later.
/// </summary>
internal sealed partial class SmtpSender(EmailSettings settings, TimeProvider clock)
{
    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Recipient.Kind != SenderKind.Email || !MailboxAddress.TryParse(message.Recipient.Value, out var recipient))
        {
            return SendResult.Failed($"'{message.Recipient.Value}' is not an email address.", permanent: true);
        }

        var mime = Build(message, recipient);
        using var client = new SmtpClient { Timeout = (int)TimeSpan.FromSeconds(60).TotalMilliseconds };
        try
        {
            await client.ConnectAsync(settings.SmtpHost, settings.SmtpPort, settings.SmtpSecurity, cancellationToken);
            if (settings.SmtpUser is not null)
            {
                await client.AuthenticateAsync(settings.SmtpUser, settings.SmtpPassword ?? string.Empty, cancellationToken);
            }

            await client.SendAsync(mime, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return SendResult.Sent(mime.MessageId!);
        }
        catch (SmtpCommandException e)
        {
            var reason = $"The mail server answered {(int)e.StatusCode}: {e.Message.Trim()}";
            return (int)e.StatusCode >= 500
                ? SendResult.Failed(reason, permanent: true)
                : SendResult.RetryLater(reason);
        }
        catch (AuthenticationException)
        {
            return SendResult.Failed("SMTP login failed: check the SMTP user and password of the channel.", permanent: false);
        }
        catch (SslHandshakeException e)
        {
            return SendResult.RetryLater($"TLS with the SMTP server failed ({e.Message.Trim()}); check smtpSecurity and smtpPort.");
        }
        catch (Exception e) when (e is SocketException or IOException or SmtpProtocolException or ServiceNotConnectedException or TimeoutException)
        {
            return SendResult.RetryLater($"Could not reach the SMTP server {settings.SmtpHost}:{settings.SmtpPort} ({e.Message.Trim()}).");
        }
    }

    /// <summary>The MIME message as it goes out (also used by tests to check headers).</summary>
    internal MimeMessage Build(OutboundMessage message, MailboxAddress recipient)
    {
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(message.SenderDisplayName ?? settings.FromName ?? string.Empty, settings.FromAddress));
        mime.To.Add(recipient);
        var subject = message.Threading?.InReplyTo is { Length: > 0 } ? ReplySubject(message.Subject) : message.Subject;
        mime.Subject = SubjectWithToken(subject, message.Threading?.TicketNumber);
        mime.Date = clock.GetUtcNow();
        mime.MessageId = $"{message.OutboundId:N}@{Domain(settings.FromAddress)}";

        if (message.Threading is { } threading)
        {
            var references = threading.References.Where(r => !string.IsNullOrWhiteSpace(r)).Select(Bare).ToList();
            if (threading.InReplyTo is { Length: > 0 } inReplyTo)
            {
                mime.InReplyTo = Bare(inReplyTo);
                if (!references.Contains(mime.InReplyTo, StringComparer.Ordinal))
                {
                    references.Add(mime.InReplyTo);
                }
            }

            foreach (var reference in references)
            {
                mime.References.Add(reference);
            }
        }

        var body = new BodyBuilder { TextBody = message.Text };
        if (message.Html is { Length: > 0 } html)
        {
            body.HtmlBody = html;
        }

        foreach (var attachment in message.Attachments)
        {
            body.Attachments.Add(attachment.Name, attachment.Content.ToArray(), ContentType.Parse(attachment.ContentType));
        }

        mime.Body = body.ToMessageBody();
        return mime;
    }

    /// <summary>"Re: Invoice" + ticket 1042 → "Re: Invoice [#1042]"; a subject that already has the token is kept.</summary>
    internal static string SubjectWithToken(string? subject, long? ticketNumber)
    {
        subject = string.IsNullOrWhiteSpace(subject) ? string.Empty : subject.Trim();
        if (ticketNumber is not { } number)
        {
            return subject;
        }

        var token = $"[#{number}]";
        return subject.Contains(token, StringComparison.Ordinal) ? subject : $"{subject} {token}".Trim();
    }

    /// <summary>"Invoice" → "Re: Invoice" for an answer to a client's mail; a subject that already starts with a reply prefix (Re, AW, SV, Odp, RES, …) is kept.</summary>
    internal static string? ReplySubject(string? subject)
    {
        if (string.IsNullOrWhiteSpace(subject))
        {
            return subject;
        }

        subject = subject.Trim();
        return ReplyPrefix().IsMatch(subject) ? subject : "Re: " + subject;
    }

    [GeneratedRegex(@"^(re|aw|sv|vs|odp|res|rif|antw|ha|ynt|ответ|відп)\s*(\[\d+\]|\(\d+\))?\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReplyPrefix();

    private static string Bare(string id) => id.Trim().Trim('<', '>');

    private static string Domain(string address)
    {
        var at = address.LastIndexOf('@');
        return at >= 0 && at < address.Length - 1 ? address[(at + 1)..] : MimeUtils.GenerateMessageId().Split('@')[^1];
    }
}
