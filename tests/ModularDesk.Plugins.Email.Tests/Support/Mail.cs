using System.Text;

namespace ModularDesk.Plugins.Email.Tests.Support;

/// <summary>Hand-written RFC 5322 messages for tests (CRLF line endings, as they travel).</summary>
public static class Mail
{
    public static byte[] Text(
        string messageId,
        string subject,
        string body,
        string from = "Jan Kowalski <jan@acme.example>",
        string? extraHeaders = null)
    {
        var text = $"From: {from}\nTo: support@example.test\nSubject: {subject}\nDate: Tue, 24 Nov 2026 10:00:00 +0100\n"
                   + $"Message-ID: <{messageId}>\nMIME-Version: 1.0\n{extraHeaders}Content-Type: text/plain; charset=utf-8\n"
                   + $"Content-Transfer-Encoding: 8bit\n\n{body}\n";
        return Crlf(text);
    }

    public static byte[] Crlf(string text) =>
        Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal));

    public static string NewId(string tag) => $"{tag}-{Guid.NewGuid():N}@acme.example";

    /// <summary>A delivery status notification (RFC 3464) for a message to <paramref name="recipient"/>.</summary>
    public static byte[] Bounce(string messageId, string recipient, string status, string action = "failed") => Crlf(
        $"""
        From: Mail Delivery System <MAILER-DAEMON@mx.example.test>
        To: support@example.test
        Subject: Undelivered Mail Returned to Sender
        Date: Tue, 24 Nov 2026 10:05:00 +0100
        Message-ID: <{messageId}>
        Auto-Submitted: auto-replied
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="dsn"

        --dsn
        Content-Type: text/plain

        I'm sorry to have to inform you that your message could not be delivered to {recipient}.
        --dsn
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example.test

        Final-Recipient: rfc822; {recipient}
        Original-Recipient: rfc822;{recipient}
        Action: {action}
        Status: {status}
        Diagnostic-Code: smtp; 550 5.1.1 <{recipient}>: Recipient address rejected: User unknown

        --dsn
        Content-Type: text/rfc822-headers

        From: Example Support <support@example.test>
        To: {recipient}
        Subject: Re: your question
        Message-ID: <sent-1@example.test>
        --dsn--
        """);
}
