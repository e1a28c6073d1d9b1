using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MailKit;
using ModularDesk.Plugins.Email.Inbound;
using ModularDesk.Plugins.Email.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Plugins.Email.Tests.Inbound;

/// <summary>
/// The built plugin in a real host, reading a real Dovecot: mail APPENDed over IMAP lands in the channel's inbox
/// with what a desk needs, through IDLE, server restarts and UIDVALIDITY changes. Each test has its own folder and channel.
/// </summary>
public sealed class ImapIngestionTests(EmailHostFixture host) : IClassFixture<EmailHostFixture>
{
    [Fact]
    public async Task A_mail_appended_over_IMAP_reaches_the_inbox_with_sender_text_html_attachments_and_threading()
    {
        using var admin = await host.CreateAdminClientAsync();
        var channel = await host.CreateChannelAsync(admin, "Fields");
        var id = Mail.NewId("fields");
        var raw = Mail.Crlf(
            $"""
            From: =?utf-8?Q?=C5=81ukasz_Nowak?= <Lukasz.Nowak@Acme.example>
            To: support@example.test
            Subject: Re: Faktura [#1042]
            Date: Tue, 24 Nov 2026 10:00:00 +0100
            Message-ID: <{id}>
            In-Reply-To: <sent-2@example.test>
            References: <first@acme.example> <sent-2@example.test>
            Content-Language: pl
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="mix"

            --mix
            Content-Type: multipart/alternative; boundary="alt"

            --alt
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: 8bit

            Dzień dobry, faktura nadal nie dotarła.

            W dniu 23.11.2026 o 09:00, Example Support <support@example.test> napisał(a):
            > Faktura została wysłana.
            --alt
            Content-Type: text/html; charset=utf-8

            <p>Dzień dobry, faktura nadal nie dotarła.</p><script>alert('x')</script><blockquote>Faktura została wysłana.</blockquote>
            --alt--
            --mix
            Content-Type: application/pdf; name="skan.pdf"
            Content-Disposition: attachment; filename="skan.pdf"
            Content-Transfer-Encoding: base64

            JVBERi0xLjQKJcfsj6IK
            --mix--
            """);

        await host.Dovecot.AppendAsync("Fields", raw);

        var inbox = await host.WaitForInboxAsync(channel, 1);
        var stored = inbox[id];
        Assert.Equal("Lukasz.Nowak@Acme.example", stored.GetProperty("from").GetProperty("value").GetString());
        Assert.Equal("email", stored.GetProperty("from").GetProperty("kind").GetString());
        Assert.Equal("Łukasz Nowak", stored.GetProperty("from").GetProperty("displayName").GetString());
        Assert.Equal("pl", stored.GetProperty("from").GetProperty("languageHint").GetString());
        Assert.Equal("Re: Faktura [#1042]", stored.GetProperty("subject").GetString());
        Assert.Equal("Dzień dobry, faktura nadal nie dotarła.", stored.GetProperty("text").GetString());
        var html = stored.GetProperty("html").GetString()!;
        Assert.Contains("faktura nadal nie dotarła", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("sent-2@example.test", stored.GetProperty("inReplyTo").GetString());
        Assert.Equal(["first@acme.example", "sent-2@example.test"], stored.GetProperty("references").EnumerateArray().Select(r => r.GetString()));
        var attachment = Assert.Single(stored.GetProperty("attachments").EnumerateArray());
        Assert.Equal("skan.pdf", attachment.GetProperty("name").GetString());
        Assert.Equal("application/pdf", attachment.GetProperty("contentType").GetString());
        Assert.StartsWith("%PDF-1.4", Encoding.ASCII.GetString(Convert.FromBase64String(attachment.GetProperty("contentBase64").GetString()!)), StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero), stored.GetProperty("sentAt").GetDateTimeOffset());

        // The REST view of the inbox row, as an integration sees it.
        var inboxId = await host.InboxIdAsync(channel, id);
        using var status = await admin.GetAsync($"/api/v1/inbound/{inboxId}");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Contains((await status.JsonAsync()).GetProperty("status").GetString(), new[] { "pending", "processed" });

        // Imported mail is marked \Seen on the server (afterImport = markSeen by default).
        await Eventually.TrueAsync(async () =>
        {
            using var client = await host.Dovecot.ConnectAsync();
            var folder = await client.GetFolderAsync("Fields");
            await folder.OpenAsync(FolderAccess.ReadOnly);
            var summaries = await folder.FetchAsync(0, -1, MessageSummaryItems.Flags);
            return summaries.All(s => s.Flags!.Value.HasFlag(MessageFlags.Seen));
        }, what: "the message to be marked seen");
    }

    [Fact]
    public async Task A_new_message_arrives_while_the_connector_idles_and_again_after_Dovecot_restarts_mid_IDLE()
    {
        using var admin = await host.CreateAdminClientAsync();
        var channel = await host.CreateChannelAsync(admin, "Restart");
        var first = Mail.NewId("before-restart");
        await host.Dovecot.AppendAsync("Restart", Mail.Text(first, "Before", "Sent before the restart."));
        await host.WaitForInboxAsync(channel, 1);

        // Now idling: a message appended is pushed by IDLE.
        var idled = Mail.NewId("idle");
        await host.Dovecot.AppendAsync("Restart", Mail.Text(idled, "While idle", "Sent while the connector idles."));
        await host.WaitForInboxAsync(channel, 2, TimeSpan.FromSeconds(10));

        await host.Dovecot.RestartAsync();
        var after = Mail.NewId("after-restart");
        await host.Dovecot.AppendAsync("Restart", Mail.Text(after, "After", "Sent after the restart."));

        var inbox = await host.WaitForInboxAsync(channel, 3, TimeSpan.FromSeconds(90));
        Assert.Equal(new[] { after, first, idled }.Order(), inbox.Keys.Order());
    }

    [Fact]
    public async Task Without_IDLE_the_connector_polls_and_still_finds_new_mail()
    {
        using var admin = await host.CreateAdminClientAsync();
        var channel = await host.CreateChannelAsync(admin, "Polling", ("useIdle", false), ("pollSeconds", 1));
        var id = Mail.NewId("polled");

        await host.Dovecot.AppendAsync("Polling", Mail.Text(id, "Polled", "Found by polling."));

        var inbox = await host.WaitForInboxAsync(channel, 1, TimeSpan.FromSeconds(20));
        Assert.Equal("Found by polling.", inbox[id].GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_new_UIDVALIDITY_rereads_the_folder_and_stores_only_the_messages_not_seen_before()
    {
        using var admin = await host.CreateAdminClientAsync();
        var channel = await host.CreateChannelAsync(admin, "Validity", ("idleRefreshSeconds", 2));
        var a = Mail.Text(Mail.NewId("a"), "A", "Message A.");
        var b = Mail.Text(Mail.NewId("b"), "B", "Message B.");
        await host.Dovecot.AppendAsync("Validity", a, b);
        await host.WaitForInboxAsync(channel, 2);
        var before = await CheckpointAsync(channel, "imap:Validity");

        // The folder is recreated (as after a server migration) while the connector idles in it: same messages, new
        // UIDs, new UIDVALIDITY. Dovecot itself sometimes refuses an APPEND into the new folder ("Mailbox was deleted
        // under us") while the connector's session still holds the old one; a delivering mail server would retry, and
        // so does the test, starting the new folder over so it ends as exactly a, b, c with UIDs 1 to 3.
        var c = Mail.NewId("c");
        for (var attempt = 1; ; attempt++)
        {
            using (var client = await host.Dovecot.ConnectAsync())
            {
                if ((await client.GetFolder(client.PersonalNamespaces[0]).GetSubfoldersAsync()).FirstOrDefault(f => f.Name == "Validity") is { } folder)
                {
                    await folder.DeleteAsync();
                }
            }

            try
            {
                await host.Dovecot.AppendAsync("Validity", a, b, Mail.Text(c, "C", "Message C."));
                break;
            }
            catch (InvalidOperationException e) when (attempt < 5 && e.Message.Contains("deleted under us", StringComparison.Ordinal))
            {
                await Task.Delay(500);
            }
        }

        var inbox = await host.WaitForInboxAsync(channel, 3, TimeSpan.FromSeconds(60));
        Assert.Contains(c, inbox.Keys);

        // The checkpoint moves after the batch is stored: wait for "<new UIDVALIDITY>/3", i.e. all three re-read.
        var after = await Eventually.ReturnsAsync(
            () => CheckpointAsync(channel, "imap:Validity"),
            value => value is not null && value.Split('/')[0] != before!.Split('/')[0] && value.Split('/')[1] == "3",
            TimeSpan.FromSeconds(30),
            "the checkpoint to carry the new UIDVALIDITY and the last UID 3");
        Assert.NotNull(after);
        Assert.Equal(3, await host.Database.ScalarAsync<long>("SELECT count(*) FROM channels.inbox_messages WHERE channel_id = @c", ("c", channel)));
    }

    [Fact]
    public async Task Bounces_and_auto_replies_are_stored_with_their_flags_and_ordinary_mail_without()
    {
        using var admin = await host.CreateAdminClientAsync();
        var channel = await host.CreateChannelAsync(admin, "Loops");
        var bounce = Mail.NewId("dsn");
        var vacation = Mail.NewId("vacation");
        var bulk = Mail.NewId("bulk");
        var autoreply = Mail.NewId("x-autoreply");
        var human = Mail.NewId("human");

        await host.Dovecot.AppendAsync(
            "Loops",
            Mail.Bounce(bounce, "gone@acme.example", "5.1.1"),
            Mail.Text(vacation, "Automatic reply: Re: your question", "I am out of the office until Monday.", extraHeaders: "Auto-Submitted: auto-replied\n"),
            Mail.Text(bulk, "Newsletter", "Our news.", extraHeaders: "Precedence: bulk\n"),
            Mail.Text(autoreply, "Re: ticket", "Thanks, we got your mail.", extraHeaders: "X-Autoreply: yes\n"),
            Mail.Text(human, "Question", "A real person writes.", extraHeaders: "Auto-Submitted: no\n"));

        var inbox = await host.WaitForInboxAsync(channel, 5);
        Assert.Equal(["bounce"], Flags(inbox[bounce]));
        Assert.Equal(["autoReply"], Flags(inbox[vacation]));
        Assert.Equal(["autoReply"], Flags(inbox[bulk]));
        Assert.Equal(["autoReply"], Flags(inbox[autoreply]));
        Assert.Empty(Flags(inbox[human]));
    }

    [Fact]
    public async Task Every_message_of_the_malformed_and_unusual_corpus_is_stored_and_the_broken_ones_are_flagged()
    {
        using var admin = await host.CreateAdminClientAsync();
        var channel = await host.CreateChannelAsync(admin, "Corpus");
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Corpus"), "*.eml").Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count >= 30, $"the corpus has {files.Count} messages");

        await host.Dovecot.AppendAsync("Corpus", files.Select(File.ReadAllBytes).ToArray());

        var inbox = await host.WaitForInboxAsync(channel, files.Count, TimeSpan.FromSeconds(60));
        Assert.Equal(files.Count, inbox.Count);
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            var id = MailParser.Parse(File.ReadAllBytes(file)).Message.ExternalMessageId;
            Assert.True(inbox.TryGetValue(id, out var stored), $"{name} is not in the inbox");
            Assert.False(string.IsNullOrWhiteSpace(stored.GetProperty("from").GetProperty("value").GetString()), name);
            if (name.StartsWith("m-", StringComparison.Ordinal))
            {
                Assert.True(Flags(stored).Contains("malformed"), $"{name} is not flagged malformed");
                Assert.Contains(stored.GetProperty("attachments").EnumerateArray(), a => a.GetProperty("name").GetString() == "original.eml");
            }
            else
            {
                Assert.False(Flags(stored).Contains("malformed"), $"{name} is flagged malformed");
            }
        }

        // Spot checks of what was recovered.
        Assert.Contains("Здравствуйте! Где мой заказ?", Text(inbox, "u01@corpus.test"), StringComparison.Ordinal);
        Assert.Contains("zamówienie nie doszło", Text(inbox, "u02@corpus.test"), StringComparison.Ordinal);
        Assert.Contains("注文が届きません", Text(inbox, "u03@corpus.test"), StringComparison.Ordinal);
        Assert.Contains("我的订单没有到", Text(inbox, "u04@corpus.test"), StringComparison.Ordinal);
        Assert.Contains("printer", Text(inbox, "u05@corpus.test"), StringComparison.Ordinal);
        Assert.DoesNotContain("alert", inbox["u05@corpus.test"].GetProperty("html").GetString()!, StringComparison.Ordinal);
        Assert.Contains("forwarded text from Anna", Text(inbox, "u06@corpus.test"), StringComparison.Ordinal);
        Assert.Contains("please call me back", Text(inbox, "m02@corpus.test"), StringComparison.Ordinal);
        Assert.Contains("dónde está mi factura", Text(inbox, "m03@corpus.test"), StringComparison.Ordinal);
        Assert.Contains("truncated", Flags(inbox["u18@corpus.test"]));
        Assert.Equal(100, inbox["u18@corpus.test"].GetProperty("attachments").GetArrayLength());
        Assert.Equal("Faktura za październik — końcowa.pdf", inbox["u20@corpus.test"].GetProperty("attachments")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task The_connection_test_says_what_works_and_names_what_is_wrong()
    {
        using var admin = await host.CreateAdminClientAsync();
        var good = await host.CreateChannelAsync(admin, "INBOX");
        var badPassword = await host.CreateChannelAsync(admin, "INBOX", ("imapPassword", "wrong"));
        var noFolder = await host.CreateChannelAsync(admin, "No-Such-Folder");
        var closedPort = await host.CreateChannelAsync(admin, "INBOX", ("smtpPort", ClosedPort()));

        var ok = await TestAsync(admin, good);
        Assert.True(ok.GetProperty("ok").GetBoolean(), ok.ToString());
        Assert.Contains($"logged in as {DovecotServer.User}", ok.GetProperty("message").GetString(), StringComparison.Ordinal);

        var password = await TestAsync(admin, badPassword);
        Assert.False(password.GetProperty("ok").GetBoolean());
        Assert.Contains("wrong user name or password", password.GetProperty("message").GetString(), StringComparison.Ordinal);

        var folder = await TestAsync(admin, noFolder);
        Assert.False(folder.GetProperty("ok").GetBoolean());
        Assert.Contains("'No-Such-Folder' does not exist", folder.GetProperty("message").GetString(), StringComparison.Ordinal);

        var smtp = await TestAsync(admin, closedPort);
        Assert.False(smtp.GetProperty("ok").GetBoolean());
        Assert.Contains("refused the connection", smtp.GetProperty("message").GetString(), StringComparison.Ordinal);

        foreach (var broken in new[] { badPassword, noFolder, closedPort })
        {
            using var deleted = await admin.DeleteAsync($"/api/v1/channels/{broken}");
        }
    }

    private async Task<string?> CheckpointAsync(Guid channel, string key) =>
        await host.Database.ScalarAsync<string>(
            "SELECT value FROM channels.channel_checkpoints WHERE channel_id = @c AND key = @k", ("c", channel), ("k", key));

    private static async Task<JsonElement> TestAsync(HttpClient admin, Guid channel)
    {
        using var response = await admin.PostAsync($"/api/v1/channels/{channel}/test", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    private static List<string> Flags(JsonElement stored) =>
        stored.TryGetProperty("flags", out var flags) ? flags.EnumerateArray().Select(f => f.GetString()!).ToList() : [];

    private static string Text(Dictionary<string, JsonElement> inbox, string id) =>
        inbox[id].TryGetProperty("text", out var text) ? text.GetString() ?? string.Empty : string.Empty;

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
