using System.Text.RegularExpressions;
using MimeKit;

namespace ModularDesk.Plugins.Email.Inbound;

/// <summary>
/// Recognizes mail that no one typed: auto-replies (vacation notices, list mail) and bounces (delivery status
/// notifications), so the desk never answers them automatically and a reply loop cannot start.
/// </summary>
internal static partial class AutoReplyDetector
{
    /// <summary>Whether the headers say the message was generated automatically (RFC 3834 and the usual vendor headers).</summary>
    public static bool IsAutoReply(HeaderList headers)
    {
        if (headers["Auto-Submitted"] is { } autoSubmitted && !autoSubmitted.Trim().StartsWith("no", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (headers["Precedence"] is { } precedence
            && precedence.Trim().ToLowerInvariant() is "bulk" or "junk" or "list" or "auto_reply" or "auto-reply")
        {
            return true;
        }

        return headers.Contains("X-Autoreply") || headers.Contains("X-Autorespond") || headers.Contains("X-Autoresponder")
               || headers["X-POST-MessageClass"]?.Contains("Autoresponder", StringComparison.OrdinalIgnoreCase) == true
               || headers["X-Auto-Response-Suppress"]?.Contains("All", StringComparison.OrdinalIgnoreCase) == true
                  && headers["Auto-Submitted"] is null && IsVacationSubject(headers["Subject"]);
    }

    /// <summary>Whether the message reports a failed or delayed delivery, and which recipients failed for good.</summary>
    public static (bool IsBounce, IReadOnlyList<(string Address, string Reason)> HardBounces) DetectBounce(MimeMessage message)
    {
        var hard = new List<(string, string)>();
        var reports = Walk(message.Body).OfType<MessageDeliveryStatus>().ToList();
        var isReport = message.Body is MultipartReport { ReportType: { } type } && type.Equals("delivery-status", StringComparison.OrdinalIgnoreCase);
        foreach (var report in reports)
        {
            foreach (var group in report.StatusGroups.Skip(1))
            {
                var action = group["Action"]?.Trim();
                var status = group["Status"]?.Trim() ?? string.Empty;
                var recipient = AddressOf(group["Final-Recipient"] ?? group["Original-Recipient"]);
                if (recipient is not null && "failed".Equals(action, StringComparison.OrdinalIgnoreCase) && status.StartsWith('5'))
                {
                    var diagnostic = group["Diagnostic-Code"]?.Trim();
                    hard.Add((recipient, diagnostic is { Length: > 0 } ? $"{status}: {Cut(diagnostic, 400)}" : status));
                }
            }
        }

        if (reports.Count > 0 || isReport)
        {
            return (true, hard);
        }

        // Mail servers that send plain-text bounces (qmail, old Exim, some providers).
        if (message.Headers["X-Failed-Recipients"] is { } failed)
        {
            foreach (var address in failed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                hard.Add((address, "The mail server reported the address as failed."));
            }

            return (true, hard);
        }

        var from = message.From.Mailboxes.FirstOrDefault()?.LocalPart ?? string.Empty;
        var isDaemon = from.Equals("mailer-daemon", StringComparison.OrdinalIgnoreCase) || from.Equals("postmaster", StringComparison.OrdinalIgnoreCase);
        return (isDaemon && BounceSubject().IsMatch(message.Subject ?? string.Empty), hard);
    }

    private static IEnumerable<MimeEntity> Walk(MimeEntity? entity)
    {
        if (entity is null)
        {
            yield break;
        }

        yield return entity;
        if (entity is Multipart multipart)
        {
            foreach (var child in multipart.SelectMany(Walk))
            {
                yield return child;
            }
        }
    }

    /// <summary>"rfc822; jan@acme.pl" → "jan@acme.pl".</summary>
    private static string? AddressOf(string? field)
    {
        if (string.IsNullOrWhiteSpace(field))
        {
            return null;
        }

        var value = field.Contains(';', StringComparison.Ordinal) ? field[(field.IndexOf(';', StringComparison.Ordinal) + 1)..] : field;
        value = value.Trim().Trim('<', '>').Trim();
        return value.Contains('@', StringComparison.Ordinal) && value.Length <= Limits.Address ? value : null;
    }

    private static bool IsVacationSubject(string? subject) =>
        subject is not null && VacationSubject().IsMatch(subject);

    private static string Cut(string value, int length) => value.Length <= length ? value : value[..length];

    [GeneratedRegex(@"(undeliver|undelivered|delivery status notification|returned mail|failure notice|delivery failure|mail delivery failed|unzustellbar|non remis|non distribuable|niedostarczon|не доставлено|no se pudo entregar|não entregue)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BounceSubject();

    [GeneratedRegex(@"(automatic reply|auto(matische)? ?(reply|antwort)|out of (the )?office|abwesenheit|réponse automatique|absence|odpowiedź automatyczna|автоответ|respuesta automática|resposta automática)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex VacationSubject();
}
