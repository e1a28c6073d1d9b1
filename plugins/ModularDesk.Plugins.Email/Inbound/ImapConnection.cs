using MailKit.Net.Imap;

namespace ModularDesk.Plugins.Email.Inbound;

/// <summary>Connects and logs in to the channel's IMAP server.</summary>
internal static class ImapConnection
{
    public static async Task OpenAsync(ImapClient client, EmailSettings settings, CancellationToken cancellationToken)
    {
        client.Timeout = (int)TimeSpan.FromSeconds(60).TotalMilliseconds;
        await client.ConnectAsync(settings.ImapHost, settings.ImapPort, settings.ImapSecurity, cancellationToken);
        await client.AuthenticateAsync(settings.ImapUser, settings.ImapPassword, cancellationToken);
    }
}
