using System.Net;
using System.Net.Sockets;
using MimeKit;
using ModularDesk.Plugins.Email.Outbound;
using ModularDesk.Plugins.Email.Tests.Support;
using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Plugins.Email.Tests.Outbound;

/// <summary>
/// Replies through the connector's <see cref="IOutboundConnector.SendAsync"/> (created from the plugin through the
/// SDK, as the host's outbound queue will) into a real SMTP server; the stored MIME is what the client receives.
/// </summary>
public sealed class SmtpSendingTests(MailServersFixture servers) : IClassFixture<MailServersFixture>
{
    [Fact]
    public async Task A_reply_carries_the_agent_name_threading_headers_ticket_token_both_bodies_and_attachments()
    {
        await using var connector = Connector(servers.Context("INBOX"));
        var outboundId = Guid.NewGuid();
        var message = new OutboundMessage(outboundId, new ContactAddress(SenderKind.Email, "jan@acme.example"), "Your invoice is attached.")
        {
            Subject = "Re: Faktura",
            Html = "<p>Your invoice is <b>attached</b>.</p>",
            SenderDisplayName = "Anna from Example Support",
            Threading = new MessageThreading("<client-2@acme.example>", ["client-1@acme.example", "sent-1@example.test"], 1042),
            Attachments = [new OutboundAttachment("faktura.pdf", "application/pdf", "%PDF-1.4 test"u8.ToArray())],
        };

        var result = await connector.SendAsync(message, CancellationToken.None);

        Assert.Equal(SendOutcome.Sent, result.Outcome);
        var sent = await SentToAsync("jan@acme.example");
        Assert.Equal("support@example.test", sent.From);
        var mime = await MimeMessage.LoadAsync(new MemoryStream(sent.Raw));
        Assert.Equal("Anna from Example Support", mime.From.Mailboxes.Single().Name);
        Assert.Equal("support@example.test", mime.From.Mailboxes.Single().Address);
        Assert.Equal("jan@acme.example", mime.To.Mailboxes.Single().Address);
        Assert.Equal("Re: Faktura [#1042]", mime.Subject);
        Assert.Equal($"{outboundId:N}@example.test", mime.MessageId);
        Assert.Equal(mime.MessageId, result.ExternalMessageId);
        Assert.Equal("client-2@acme.example", mime.InReplyTo);
        Assert.Equal(["client-1@acme.example", "sent-1@example.test", "client-2@acme.example"], mime.References);
        Assert.Equal("Your invoice is attached.", mime.TextBody?.Trim());
        Assert.Contains("<b>attached</b>", mime.HtmlBody, StringComparison.Ordinal);
        var attachment = Assert.IsType<MimePart>(Assert.Single(mime.Attachments));
        Assert.Equal("faktura.pdf", attachment.FileName);
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        Assert.Equal("%PDF-1.4 test"u8.ToArray(), content.ToArray());
        Assert.Null(mime.Headers["Auto-Submitted"]);
    }

    [Fact]
    public async Task A_retried_send_keeps_its_message_id_and_a_subject_with_the_token_is_not_tokenized_twice()
    {
        await using var connector = Connector(servers.Context("INBOX"));
        var message = new OutboundMessage(Guid.NewGuid(), new ContactAddress(SenderKind.Email, "retry-twice@acme.example"), "Hello")
        {
            Subject = "Re: Order [#7]",
            Threading = new MessageThreading(null, [], 7),
        };

        var first = await connector.SendAsync(message, CancellationToken.None);
        var second = await connector.SendAsync(message, CancellationToken.None);

        Assert.Equal(first.ExternalMessageId, second.ExternalMessageId);
        var mime = await MimeMessage.LoadAsync(new MemoryStream((await SentToAsync("retry-twice@acme.example")).Raw));
        Assert.Equal("Re: Order [#7]", mime.Subject);
        Assert.Equal("Example Support", mime.From.Mailboxes.Single().Name);
    }

    [Fact]
    public async Task A_5xx_answer_is_a_permanent_failure_and_a_4xx_answer_or_an_unreachable_server_is_retried()
    {
        await using var connector = Connector(servers.Context("INBOX"));
        await using var down = Connector(servers.Context("INBOX", ("smtpPort", ClosedPort())));

        var rejected = await connector.SendAsync(Message("reject-me@acme.example"), CancellationToken.None);
        var busy = await connector.SendAsync(Message("busy@acme.example"), CancellationToken.None);
        var unreachable = await down.SendAsync(Message("jan@acme.example"), CancellationToken.None);
        var notEmail = await connector.SendAsync(
            new OutboundMessage(Guid.NewGuid(), new ContactAddress(SenderKind.Phone, "+48601234567"), "x"), CancellationToken.None);

        Assert.Equal(SendOutcome.Failed, rejected.Outcome);
        Assert.True(rejected.IsPermanent);
        Assert.Contains("550", rejected.Reason, StringComparison.Ordinal);
        Assert.Contains("User unknown", rejected.Reason, StringComparison.Ordinal);
        Assert.Equal(SendOutcome.RetryLater, busy.Outcome);
        Assert.Contains("451", busy.Reason, StringComparison.Ordinal);
        Assert.Equal(SendOutcome.RetryLater, unreachable.Outcome);
        Assert.Equal(SendOutcome.Failed, notEmail.Outcome);
        Assert.True(notEmail.IsPermanent);
    }

    [Fact]
    public async Task With_an_smtp_login_the_right_password_sends_and_a_wrong_one_fails_with_a_reason()
    {
        var login = (Key: "smtpPort", Value: (object?)servers.SmtpWithLogin.Port);
        await using var good = Connector(servers.Context("INBOX", login, ("smtpUser", "mailer"), ("smtpPassword", "smtp-secret")));
        await using var bad = Connector(servers.Context("INBOX", login, ("smtpUser", "mailer"), ("smtpPassword", "nope")));

        var sent = await good.SendAsync(Message("login-ok@acme.example"), CancellationToken.None);
        var refused = await bad.SendAsync(Message("login-bad@acme.example"), CancellationToken.None);

        Assert.Equal(SendOutcome.Sent, sent.Outcome);
        Assert.Contains(servers.SmtpWithLogin.Messages, m => m.To.Contains("login-ok@acme.example"));
        Assert.Equal(SendOutcome.Failed, refused.Outcome);
        Assert.Contains("SMTP login failed", refused.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(servers.SmtpWithLogin.Messages, m => m.To.Contains("login-bad@acme.example"));
    }

    [Theory]
    [InlineData("Broken screen", "Re: Broken screen")]
    [InlineData("Re: Broken screen", "Re: Broken screen")]
    [InlineData("RE:Broken screen", "RE:Broken screen")]
    [InlineData("AW: Bildschirm", "AW: Bildschirm")]
    [InlineData("Odp: Faktura", "Odp: Faktura")]
    [InlineData("Ответ: Заказ", "Ответ: Заказ")]
    [InlineData("Report: Q3", "Re: Report: Q3")]
    public void An_answer_to_a_clients_mail_gets_one_reply_prefix(string subject, string expected) =>
        Assert.Equal(expected, SmtpSender.ReplySubject(subject));

    private static IOutboundConnector Connector(TestChannelContext context) =>
        (IOutboundConnector)new EmailPlugin().CreateConnector(context);

    private static OutboundMessage Message(string to) =>
        new(Guid.NewGuid(), new ContactAddress(SenderKind.Email, to), "Hello") { Subject = "Hi" };

    private async Task<ReceivedMail> SentToAsync(string recipient) =>
        await Testing.Eventually.ReturnsAsync(
            () => Task.FromResult(servers.Smtp.Messages.LastOrDefault(m => m.To.Contains(recipient))),
            m => m is not null,
            what: $"mail to {recipient}") ?? throw new InvalidOperationException();

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
