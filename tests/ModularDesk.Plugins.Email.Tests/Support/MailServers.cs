namespace ModularDesk.Plugins.Email.Tests.Support;

/// <summary>
/// The mail servers of one test class (or one benchmark run): a real Dovecot and an SMTP sink that takes mail without
/// login, started together and stopped together, plus the email channel settings (api.md's keys) that point at them.
/// Both the host fixture (<see cref="EmailHostFixture"/>) and the SDK-only fixture (<see cref="MailServersFixture"/>)
/// use this one implementation.
/// </summary>
public sealed class MailServers : IAsyncDisposable
{
    private MailServers(DovecotServer dovecot, SmtpSink smtp)
    {
        Dovecot = dovecot;
        Smtp = smtp;
    }

    public DovecotServer Dovecot { get; }

    public SmtpSink Smtp { get; }

    public static async Task<MailServers> StartAsync()
    {
        var smtp = new SmtpSink();
        try
        {
            return new MailServers(await DovecotServer.StartAsync(), smtp);
        }
        catch
        {
            await smtp.DisposeAsync();
            throw;
        }
    }

    /// <summary>The settings of an email channel reading <paramref name="folder"/> and sending to the sink, with overrides.</summary>
    public Dictionary<string, object?> Settings(string folder, params (string Key, object? Value)[] overrides)
    {
        var settings = new Dictionary<string, object?>
        {
            ["imapHost"] = Dovecot.Host,
            ["imapPort"] = Dovecot.Port,
            ["imapSecurity"] = "none",
            ["imapUser"] = DovecotServer.User,
            ["imapPassword"] = DovecotServer.Password,
            ["imapFolder"] = folder,
            ["smtpHost"] = "127.0.0.1",
            ["smtpPort"] = Smtp.Port,
            ["smtpSecurity"] = "none",
            ["fromAddress"] = "support@example.test",
            ["fromName"] = "Example Support",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        await Dovecot.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}
