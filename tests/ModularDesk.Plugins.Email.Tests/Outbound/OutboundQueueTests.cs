using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using ModularDesk.Channels.Contracts.Outbound;
using ModularDesk.Plugins.Email.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Plugins.Email.Tests.Outbound;

/// <summary>
/// The host's outbound queue (Channels' <see cref="IOutboundQueue"/>, what Tickets calls for a reply) sending through
/// the loaded email plugin to a real SMTP server, and a hard bounce read over IMAP closing the address.
/// </summary>
public sealed class OutboundQueueTests(EmailHostFixture host) : IClassFixture<EmailHostFixture>
{
    [Fact]
    public async Task A_queued_reply_reaches_the_smtp_server_with_threading_headers_and_is_recorded_as_sent_under_its_message_id()
    {
        using var admin = await host.CreateAdminClientAsync();
        var channel = await host.CreateChannelAsync(admin, "Queue");

        var queued = await EnqueueAsync(new OutboundRequest(channel, new OutboundRecipient("email", "jan@acme.example"), "Your invoice is on its way.")
        {
            Subject = "Re: Faktura",
            TicketNumber = 1042,
            InReplyTo = "client-1@acme.example",
            References = ["client-0@acme.example", "client-1@acme.example"],
            SenderDisplayName = "Anna from Example Support",
            Html = "<p>Your invoice is on its way.</p>",
        });

        Assert.True(queued.IsQueued, queued.RefusalDetail);
        var sent = await Eventually.ReturnsAsync(
            () => Task.FromResult(host.Smtp.Messages.FirstOrDefault(m => m.To.Contains("jan@acme.example"))), m => m is not null, what: "the reply at the SMTP server");
        var mime = await MimeMessage.LoadAsync(new MemoryStream(sent!.Raw));
        Assert.Equal("Re: Faktura [#1042]", mime.Subject);
        Assert.Equal("Anna from Example Support", mime.From.Mailboxes.Single().Name);
        Assert.Equal("support@example.test", mime.From.Mailboxes.Single().Address);
        Assert.Equal("client-1@acme.example", mime.InReplyTo);
        Assert.Equal(["client-0@acme.example", "client-1@acme.example"], mime.References);
        Assert.Equal($"{queued.OutboundId:N}@example.test", mime.MessageId);

        var status = await Eventually.ReturnsAsync(
            () => host.Database.ScalarAsync<string>("SELECT status || '|' || coalesce(external_message_id, '') FROM channels.outbound_messages WHERE id = @id", ("id", queued.OutboundId!.Value)),
            s => s is not null && !s.StartsWith("queued", StringComparison.Ordinal),
            what: "the outbound status");
        Assert.Equal($"sent|{mime.MessageId}", status);
    }

    [Fact]
    public async Task A_reply_the_server_rejects_is_failed_with_its_reason_and_a_hard_bounce_closes_the_address()
    {
        using var admin = await host.CreateAdminClientAsync();
        var channel = await host.CreateChannelAsync(admin, "QueueBounce");

        var rejected = await EnqueueAsync(new OutboundRequest(channel, new OutboundRecipient("email", "reject-me@acme.example"), "Hello") { Subject = "Hi" });
        var failed = await Eventually.ReturnsAsync(
            () => host.Database.ScalarAsync<string>("SELECT status || '|' || coalesce(error, '') FROM channels.outbound_messages WHERE id = @id", ("id", rejected.OutboundId!.Value)),
            s => s is not null && s.StartsWith("failed", StringComparison.Ordinal),
            what: "the rejected reply to fail");
        Assert.Contains("550", failed, StringComparison.Ordinal);

        await host.Dovecot.AppendAsync("QueueBounce", Mail.Bounce(Mail.NewId("dsn"), "gone@acme.example", "5.1.1"));
        await host.WaitForInboxAsync(channel, 1);

        var refused = await Eventually.ReturnsAsync(
            () => EnqueueAsync(new OutboundRequest(channel, new OutboundRecipient("email", "gone@acme.example"), "Hello again") { Subject = "Hi" }),
            r => !r.IsQueued,
            what: "the queue to refuse the bounced address");
        Assert.Equal("contact-unreachable", refused.RefusalType);
        Assert.Contains("5.1.1", refused.RefusalDetail, StringComparison.Ordinal);
    }

    private async Task<OutboundEnqueueResult> EnqueueAsync(OutboundRequest request)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IOutboundQueue>().EnqueueAsync(request);
    }
}
