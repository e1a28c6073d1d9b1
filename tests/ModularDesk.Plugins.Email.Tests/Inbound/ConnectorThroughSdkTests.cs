using ModularDesk.Plugins.Email.Tests.Support;
using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Plugins.Email.Tests.Inbound;

/// <summary>The receive loop driven through the SDK alone (any host): what it reports besides storing messages.</summary>
public sealed class ConnectorThroughSdkTests(MailServersFixture servers) : IClassFixture<MailServersFixture>
{
    [Fact]
    public async Task A_hard_bounce_marks_the_recipient_unreachable_once_and_a_delayed_delivery_does_not()
    {
        var context = servers.Context("Bounces");
        await servers.Dovecot.AppendAsync(
            "Bounces",
            Mail.Bounce(Mail.NewId("hard"), "gone@acme.example", "5.1.1"),
            Mail.Bounce(Mail.NewId("soft"), "slow@acme.example", "4.4.7", action: "delayed"));
        await using var connector = (IPullingConnector)new EmailPlugin().CreateConnector(context);
        using var stop = new CancellationTokenSource();
        var loop = connector.RunAsync(stop.Token);
        await Testing.Eventually.TrueAsync(() => Task.FromResult(context.Received.Count == 2), what: "both bounces stored");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);

        var (contact, reason) = Assert.Single(context.Unreachable);
        Assert.Equal(new ContactAddress(SenderKind.Email, "gone@acme.example"), contact);
        Assert.Contains("5.1.1", reason, StringComparison.Ordinal);
        Assert.All(context.Received.Values, m => Assert.Equal(InboundFlags.Bounce, m.Flags));
    }

    [Fact]
    public async Task Moving_imported_mail_empties_the_folder_and_a_restarted_loop_resumes_from_its_checkpoint()
    {
        var context = servers.Context("ToMove", ("afterImport", "move"), ("moveToFolder", "Imported"));
        using (var client = await servers.Dovecot.ConnectAsync())
        {
            await DovecotServer.GetOrCreateFolderAsync(client, "Imported");
        }

        await servers.Dovecot.AppendAsync("ToMove", Mail.Text(Mail.NewId("m1"), "One", "First."), Mail.Text(Mail.NewId("m2"), "Two", "Second."));
        await RunUntilAsync(context, 2);
        var checkpoint = context.CheckpointValues["imap:ToMove"];

        await servers.Dovecot.AppendAsync("ToMove", Mail.Text(Mail.NewId("m3"), "Three", "Third."));
        await RunUntilAsync(context, 3);

        using var check = await servers.Dovecot.ConnectAsync();
        var source = await check.GetFolderAsync("ToMove");
        await source.StatusAsync(MailKit.StatusItems.Count);
        Assert.Equal(0, source.Count);
        var imported = await check.GetFolderAsync("Imported");
        await imported.OpenAsync(MailKit.FolderAccess.ReadOnly);
        Assert.Equal(3, imported.Count);
        Assert.EndsWith("/2", checkpoint, StringComparison.Ordinal);
        Assert.EndsWith("/3", context.CheckpointValues["imap:ToMove"], StringComparison.Ordinal);
    }

    private static async Task RunUntilAsync(TestChannelContext context, int count)
    {
        await using var connector = (IPullingConnector)new EmailPlugin().CreateConnector(context);
        using var stop = new CancellationTokenSource();
        var loop = connector.RunAsync(stop.Token);
        await Testing.Eventually.TrueAsync(() => Task.FromResult(context.Received.Count >= count), what: $"{count} messages");
        await Task.Delay(300); // the batch's MOVE follows its checkpoint; a loop stopped in between moves it on its next start
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
    }
}
