using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;
using ModularDesk.Plugins.Email.Inbound;
using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Plugins.Email;

/// <summary>The admin's "Test" button: logs in to IMAP (and opens the folder) and to SMTP, and says what failed in words.</summary>
internal static class ConnectionTester
{
    public static async Task<ConnectionTestResult> TestAsync(EmailSettings settings, CancellationToken cancellationToken)
    {
        var imap = await TestImapAsync(settings, cancellationToken);
        var smtp = await TestSmtpAsync(settings, cancellationToken);
        var reason = $"IMAP: {imap.Reason} SMTP: {smtp.Reason}";
        return imap.Ok && smtp.Ok ? ConnectionTestResult.Success(reason) : ConnectionTestResult.Failure(reason);
    }

    private static async Task<(bool Ok, string Reason)> TestImapAsync(EmailSettings settings, CancellationToken cancellationToken)
    {
        var server = $"{settings.ImapHost}:{settings.ImapPort}";
        using var client = new ImapClient { Timeout = 20_000 };
        try
        {
            await client.ConnectAsync(settings.ImapHost, settings.ImapPort, settings.ImapSecurity, cancellationToken);
        }
        catch (Exception e) when (Failure(e, server) is { } reason)
        {
            return (false, reason);
        }

        try
        {
            await client.AuthenticateAsync(settings.ImapUser, settings.ImapPassword, cancellationToken);
        }
        catch (AuthenticationException)
        {
            return (false, $"login as {settings.ImapUser} at {server} failed: wrong user name or password.");
        }

        try
        {
            var folder = await client.GetFolderAsync(settings.ImapFolder, cancellationToken);
            await folder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
            var idle = client.Capabilities.HasFlag(ImapCapabilities.Idle) ? "IDLE" : "polling (no IDLE)";
            var message = $"logged in as {settings.ImapUser} at {server}; folder {settings.ImapFolder} has {folder.Count} messages; {idle}.";
            await client.DisconnectAsync(true, cancellationToken);
            return (true, message);
        }
        catch (FolderNotFoundException)
        {
            return (false, $"logged in as {settings.ImapUser}, but the folder '{settings.ImapFolder}' does not exist.");
        }
        catch (ImapCommandException e)
        {
            return (false, $"the folder '{settings.ImapFolder}' cannot be opened: {e.ResponseText}");
        }
    }

    private static async Task<(bool Ok, string Reason)> TestSmtpAsync(EmailSettings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.SmtpHost))
        {
            return (false, "no SMTP server is set (smtpHost).");
        }

        var server = $"{settings.SmtpHost}:{settings.SmtpPort}";
        using var client = new SmtpClient { Timeout = 20_000 };
        try
        {
            await client.ConnectAsync(settings.SmtpHost, settings.SmtpPort, settings.SmtpSecurity, cancellationToken);
        }
        catch (Exception e) when (Failure(e, server) is { } reason)
        {
            return (false, reason);
        }

        if (settings.SmtpUser is null)
        {
            await client.DisconnectAsync(true, cancellationToken);
            return (true, $"connected to {server} (no login configured).");
        }

        try
        {
            await client.AuthenticateAsync(settings.SmtpUser, settings.SmtpPassword ?? string.Empty, cancellationToken);
            await client.DisconnectAsync(true, cancellationToken);
            return (true, $"logged in as {settings.SmtpUser} at {server}.");
        }
        catch (AuthenticationException)
        {
            return (false, $"login as {settings.SmtpUser} at {server} failed: wrong user name or password.");
        }
        catch (NotSupportedException)
        {
            return (false, $"{server} does not offer login (AUTH); clear smtpUser or use another port/security.");
        }
    }

    private static string? Failure(Exception e, string server) => e switch
    {
        SslHandshakeException => $"the TLS handshake with {server} failed: check the security setting (none/ssl/starttls) and port, or the server's certificate.",
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => $"{server} refused the connection: is the host and port right?",
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain } => $"the host of {server} is not known.",
        SocketException s => $"cannot reach {server} ({s.SocketErrorCode}).",
        NotSupportedException => $"{server} does not support STARTTLS; choose another security setting.",
        IOException or ImapProtocolException or SmtpProtocolException or TimeoutException or OperationCanceledException =>
            $"{server} did not answer as a mail server should ({e.Message.Trim()}); check the port and security setting.",
        _ => null,
    };
}
