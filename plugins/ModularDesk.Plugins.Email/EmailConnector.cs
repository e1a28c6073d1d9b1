using ModularDesk.Plugins.Email.Inbound;
using ModularDesk.Plugins.Email.Outbound;
using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Plugins.Email;

/// <summary>
/// One email channel: the IMAP receive loop (<see cref="ImapReceiver"/>), SMTP sending (<see cref="SmtpSender"/>)
/// and the admin's connection test (<see cref="ConnectionTester"/>). Settings are read lazily so that
/// <c>CreateConnector</c> does no work and a bad setting surfaces where it is used.
/// </summary>
internal sealed class EmailConnector(IChannelContext context) : IPullingConnector, IOutboundConnector
{
    private readonly Lazy<EmailSettings> settings = new(() => EmailSettings.From(context.Settings));

    public Task RunAsync(CancellationToken cancellationToken) =>
        new ImapReceiver(context, settings.Value).RunAsync(cancellationToken);

    public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        new SmtpSender(settings.Value, context.Clock).SendAsync(message, cancellationToken);

    public async Task<ConnectionTestResult> TestConnectionAsync(CancellationToken cancellationToken)
    {
        EmailSettings current;
        try
        {
            current = settings.Value;
        }
        catch (InvalidOperationException e)
        {
            return ConnectionTestResult.Failure(e.Message);
        }

        return await ConnectionTester.TestAsync(current, cancellationToken);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
