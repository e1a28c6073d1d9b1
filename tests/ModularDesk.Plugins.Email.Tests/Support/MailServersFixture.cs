namespace ModularDesk.Plugins.Email.Tests.Support;

/// <summary>A Dovecot and two SMTP sinks (one without login, one requiring it) for tests that drive the connector through the SDK alone.</summary>
public sealed class MailServersFixture : IAsyncLifetime
{
    public DovecotServer Dovecot { get; private set; } = null!;

    public SmtpSink Smtp { get; } = new();

    public SmtpSink SmtpWithLogin { get; } = new("mailer", "smtp-secret");

    public async Task InitializeAsync() => Dovecot = await DovecotServer.StartAsync();

    public async Task DisposeAsync()
    {
        await Dovecot.DisposeAsync();
        await Smtp.DisposeAsync();
        await SmtpWithLogin.DisposeAsync();
    }

    public TestChannelContext Context(string folder, params (string Key, object? Value)[] overrides)
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

        return new TestChannelContext(settings);
    }
}
