namespace ModularDesk.Plugins.Email.Tests.Support;

/// <summary>
/// The mail servers (<see cref="MailServers"/>) plus a second SMTP sink that requires a login, for tests that drive
/// the connector through the SDK alone (no host).
/// </summary>
public sealed class MailServersFixture : IAsyncLifetime
{
    private MailServers? servers;

    public DovecotServer Dovecot => Servers.Dovecot;

    public SmtpSink Smtp => Servers.Smtp;

    public SmtpSink SmtpWithLogin { get; } = new("mailer", "smtp-secret");

    private MailServers Servers => servers ?? throw new InvalidOperationException("The servers start in InitializeAsync.");

    public async Task InitializeAsync() => servers = await MailServers.StartAsync();

    public async Task DisposeAsync()
    {
        if (servers is not null)
        {
            await servers.DisposeAsync();
        }

        await SmtpWithLogin.DisposeAsync();
    }

    public TestChannelContext Context(string folder, params (string Key, object? Value)[] overrides) =>
        new(Servers.Settings(folder, overrides));
}
