using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MimeKit;
using ModularDesk.Plugins.Email.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Plugins.Email.Tests.EndToEnd;

/// <summary>
/// The whole desk behind the email plugin: mail APPENDed to a real Dovecot becomes a client card, an organization and a
/// ticket (Clients, Organizations and Tickets ingesting the inbox), replies thread into it, an agent's answer through
/// the Tickets API leaves over real SMTP with the headers a mail program threads by, a hard bounce closes the address
/// on the card, and nothing ever answers an automatic message. Everything is asserted through the REST API and the
/// SMTP server's received bytes.
/// </summary>
public sealed class MailToTicketTests(EmailHostFixture host) : IClassFixture<EmailHostFixture>
{
    [Fact]
    public async Task A_new_sender_becomes_a_card_with_name_email_and_language_an_organization_from_the_domain_and_a_ticket()
    {
        using var admin = await host.CreateAdminClientAsync();
        var channel = await host.CreateChannelAsync(admin, "E2E-New");
        var domain = Domain("kowalski");
        var polish = Mail.NewId("pl");
        var german = Mail.NewId("de");

        // Language from the text (long enough to detect) and from Content-Language (a text too short to tell).
        await host.Dovecot.AppendAsync(
            "E2E-New",
            Mail.Text(polish, "Zamówienie 77 nie dotarło",
                "Dzień dobry, zamówienie numer 77 nadal do nas nie dotarło, chociaż minęły już dwa tygodnie. Proszę o pilną informację.",
                from: $"=?utf-8?Q?=C5=81ucja_Wi=C5=9Bniewska?= <Lucja.Wisniewska@{domain}>"),
            Mail.Text(german, "Frage", "Danke!", from: $"Jonas Weber <jonas@{Domain("weber")}>", extraHeaders: "Content-Language: de-AT\n"));

        var (ticketId, clientId) = await TicketOfAsync(admin, channel, polish);
        var card = await GetAsync(admin, $"/api/v1/clients/{clientId}");
        Assert.Equal("Łucja Wiśniewska", card.GetProperty("name").GetString());
        Assert.Equal($"lucja.wisniewska@{domain}", Assert.Single(card.GetProperty("emails").EnumerateArray()).GetProperty("address").GetString(), ignoreCase: true);
        Assert.Equal("pl", card.GetProperty("language").GetString());

        // O2: the organization is created from the sender's domain and the card joins it.
        var organizationId = await Eventually.ReturnsAsync(
            async () => (await GetAsync(admin, $"/api/v1/clients/{clientId}")).GetProperty("organizationId"),
            id => id.ValueKind == JsonValueKind.String,
            what: "the card to join the organization of its domain");
        var organization = await GetAsync(admin, $"/api/v1/organizations/{organizationId.GetGuid()}");
        Assert.Equal([domain], organization.GetProperty("domains").EnumerateArray().Select(d => d.GetString()));

        var ticket = await GetAsync(admin, $"/api/v1/tickets/{ticketId}");
        Assert.Equal("Zamówienie 77 nie dotarło", ticket.GetProperty("subject").GetString());
        Assert.Equal("email", ticket.GetProperty("channelType").GetString());
        Assert.Equal(channel, ticket.GetProperty("channelId").GetGuid());
        Assert.Equal(clientId, ticket.GetProperty("clientId").GetGuid());
        var message = Assert.Single((await GetAsync(admin, $"/api/v1/tickets/{ticketId}/messages")).GetProperty("items").EnumerateArray());
        Assert.Equal("in", message.GetProperty("direction").GetString());
        Assert.Equal("Łucja Wiśniewska", message.GetProperty("author").GetString());
        Assert.StartsWith("Dzień dobry, zamówienie numer 77", message.GetProperty("text").GetString(), StringComparison.Ordinal);

        var (_, germanClient) = await TicketOfAsync(admin, channel, german);
        var germanCard = await GetAsync(admin, $"/api/v1/clients/{germanClient}");
        Assert.Equal("Jonas Weber", germanCard.GetProperty("name").GetString());
        Assert.Equal("de", germanCard.GetProperty("language").GetString());
    }

    [Fact]
    public async Task A_reply_by_In_Reply_To_and_a_mail_with_the_subject_token_join_the_ticket_and_a_new_subject_opens_another()
    {
        using var admin = await host.CreateAdminClientAsync();
        var channel = await host.CreateChannelAsync(admin, "E2E-Thread");
        var from = $"Marta Nowak <marta@{Domain("nowak")}>";
        var first = Mail.NewId("first");
        await host.Dovecot.AppendAsync("E2E-Thread", Mail.Text(first, "Invoice 42", "Where is invoice 42?", from));
        var (ticketId, clientId) = await TicketOfAsync(admin, channel, first);
        var number = (await GetAsync(admin, $"/api/v1/tickets/{ticketId}")).GetProperty("number").GetInt64();

        var reply = Mail.NewId("reply");
        var token = Mail.NewId("token");
        var unrelated = Mail.NewId("unrelated");
        await host.Dovecot.AppendAsync(
            "E2E-Thread",
            Mail.Text(reply, "Re: Invoice 42", "Any news?", from, extraHeaders: $"In-Reply-To: <{first}>\nReferences: <{first}>\n"));
        Assert.Equal((ticketId, clientId), await TicketOfAsync(admin, channel, reply));

        // A new mail (no threading headers, another mail program) that carries the ticket's token in the subject.
        await host.Dovecot.AppendAsync("E2E-Thread", Mail.Text(token, $"Invoice again [#{number}]", "Sending it once more.", from));
        Assert.Equal((ticketId, clientId), await TicketOfAsync(admin, channel, token));

        await host.Dovecot.AppendAsync("E2E-Thread", Mail.Text(unrelated, "New printer", "Another topic entirely.", from));
        var (otherTicket, sameClient) = await TicketOfAsync(admin, channel, unrelated);
        Assert.Equal(clientId, sameClient);
        Assert.NotEqual(ticketId, otherTicket);

        var texts = (await GetAsync(admin, $"/api/v1/tickets/{ticketId}/messages")).GetProperty("items").EnumerateArray()
            .Select(m => m.GetProperty("text").GetString()).ToList();
        Assert.Equal(["Where is invoice 42?", "Any news?", "Sending it once more."], texts);
    }

    [Fact]
    public async Task An_agent_reply_leaves_over_SMTP_with_threading_headers_token_and_agent_name_and_the_clients_answer_threads_back()
    {
        using var admin = await host.CreateAdminClientAsync();
        var channel = await host.CreateChannelAsync(admin, "E2E-Reply");
        var address = $"piotr@{Domain("piotr")}";
        var first = Mail.NewId("question");
        var second = Mail.NewId("follow-up");
        await host.Dovecot.AppendAsync("E2E-Reply", Mail.Text(first, "Broken screen", "My screen is broken.", $"Piotr Zieliński <{address}>"));
        var (ticketId, _) = await TicketOfAsync(admin, channel, first);
        await host.Dovecot.AppendAsync(
            "E2E-Reply",
            Mail.Text(second, "Re: Broken screen", "Still broken.", $"Piotr Zieliński <{address}>", extraHeaders: $"In-Reply-To: <{first}>\nReferences: <{first}>\n"));
        Assert.Equal(ticketId, (await TicketOfAsync(admin, channel, second)).TicketId);
        var number = (await GetAsync(admin, $"/api/v1/tickets/{ticketId}")).GetProperty("number").GetInt64();

        using var agent = await AgentAsync("Anna Agentka");
        using (var posted = await agent.PostAsJsonAsync($"/api/v1/tickets/{ticketId}/replies", new { text = "We are sending a new screen today." }))
        {
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        }

        var sent = await Eventually.ReturnsAsync(
            () => Task.FromResult(host.Smtp.Messages.FirstOrDefault(m => m.To.Contains(address, StringComparer.OrdinalIgnoreCase))),
            m => m is not null, TimeSpan.FromSeconds(60), "the reply at the SMTP server");
        var mime = await MimeMessage.LoadAsync(new MemoryStream(sent!.Raw));
        Assert.Equal("Anna Agentka", mime.From.Mailboxes.Single().Name);
        Assert.Equal("support@example.test", mime.From.Mailboxes.Single().Address);
        Assert.Equal(address, mime.To.Mailboxes.Single().Address, ignoreCase: true);
        Assert.Equal($"Re: Broken screen [#{number}]", mime.Subject);
        Assert.EndsWith("@example.test", mime.MessageId, StringComparison.Ordinal);
        Assert.Equal(second, mime.InReplyTo);
        Assert.Equal([first, second], mime.References);
        Assert.Equal("We are sending a new screen today.", mime.TextBody?.Trim());

        var outbound = await Eventually.ReturnsAsync(
            async () => (await GetAsync(agent, $"/api/v1/tickets/{ticketId}/messages")).GetProperty("items").EnumerateArray().Last(),
            m => m.GetProperty("deliveryStatus").GetString() == "sent", TimeSpan.FromSeconds(60), "the reply to be shown as sent");
        Assert.Equal("out", outbound.GetProperty("direction").GetString());
        Assert.Equal("Anna Agentka", outbound.GetProperty("author").GetString());

        // The client's mail program answers what it received: Re: + its subject, In-Reply-To/References from its headers.
        var answer = Mail.NewId("answer");
        await host.Dovecot.AppendAsync(
            "E2E-Reply",
            Mail.Text(answer, "Re: " + mime.Subject, "Thank you!", $"Piotr Zieliński <{address}>",
                extraHeaders: $"In-Reply-To: <{mime.MessageId}>\nReferences: {string.Join(' ', mime.References.Append(mime.MessageId).Select(r => $"<{r}>"))}\n"));
        Assert.Equal(ticketId, (await TicketOfAsync(admin, channel, answer)).TicketId);
    }

    [Fact]
    public async Task A_hard_bounce_marks_the_address_unreachable_on_the_card_and_replies_to_it_are_refused()
    {
        using var admin = await host.CreateAdminClientAsync();
        var channel = await host.CreateChannelAsync(admin, "E2E-Bounce");
        var address = $"gone@{Domain("gone")}";
        var question = Mail.NewId("before-bounce");
        await host.Dovecot.AppendAsync("E2E-Bounce", Mail.Text(question, "Order", "Where is my order?", $"Gone Person <{address}>"));
        var (ticketId, clientId) = await TicketOfAsync(admin, channel, question);
        var reachable = Assert.Single(Reachability(await GetAsync(admin, $"/api/v1/clients/{clientId}/reachability"), address, channel));
        Assert.True(reachable.GetProperty("canSendText").GetBoolean());

        await host.Dovecot.AppendAsync("E2E-Bounce", Mail.Bounce(Mail.NewId("dsn"), address, "5.1.1"));

        var closed = await Eventually.ReturnsAsync(
            async () => Reachability(await GetAsync(admin, $"/api/v1/clients/{clientId}/reachability"), address, channel).Single(),
            r => !r.GetProperty("canSendText").GetBoolean(), TimeSpan.FromSeconds(60), "the card to show the address unreachable");
        Assert.StartsWith("bounced: ", closed.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("5.1.1", closed.GetProperty("reason").GetString(), StringComparison.Ordinal);

        using var agent = await host.CreateAgentClientAsync();
        using var refused = await agent.PostAsJsonAsync($"/api/v1/tickets/{ticketId}/replies", new { text = "Your order is on its way." });
        await refused.AssertProblemAsync(422, "contact-unreachable");
        Assert.DoesNotContain(host.Smtp.Messages, m => m.To.Contains(address, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Auto_replies_and_bounces_are_filed_but_never_answered()
    {
        using var admin = await host.CreateAdminClientAsync();
        var channel = await host.CreateChannelAsync(admin, "E2E-Auto");
        var vacationAddress = $"away@{Domain("away")}";
        var vacation = Mail.NewId("vacation");
        var bulk = Mail.NewId("bulk");
        var dsn = Mail.NewId("dsn");
        var human = Mail.NewId("human");
        await host.Dovecot.AppendAsync(
            "E2E-Auto",
            Mail.Text(vacation, "Automatic reply: Order", "I am out of the office until Monday.", $"Away Person <{vacationAddress}>",
                extraHeaders: "Auto-Submitted: auto-replied\n"),
            Mail.Text(bulk, "Weekly news", "Our news.", $"News <news@{Domain("news")}>", extraHeaders: "Precedence: bulk\n"),
            Mail.Bounce(dsn, $"nobody@{Domain("nobody")}", "5.1.1"),
            Mail.Text(human, "Question", "A real question.", $"Real Person <real@{Domain("real")}>"));

        // All four are filed where an agent can see them ...
        var tickets = new List<Guid>();
        foreach (var id in new[] { vacation, bulk, dsn, human })
        {
            tickets.Add((await TicketOfAsync(admin, channel, id)).TicketId);
        }

        // ... and the desk sends nothing to anyone by itself: no mail leaves, no outbound message is recorded.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.DoesNotContain(host.Smtp.Messages, m => m.To.Any(t => t.Contains(".e2e.example", StringComparison.OrdinalIgnoreCase)));
        Assert.Equal(0, await host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM channels.outbound_messages WHERE channel_id = @c", ("c", channel)));
        foreach (var ticketId in tickets)
        {
            var messages = (await GetAsync(admin, $"/api/v1/tickets/{ticketId}/messages")).GetProperty("items").EnumerateArray();
            Assert.All(messages, m => Assert.Equal("in", m.GetProperty("direction").GetString()));
        }
    }

    /// <summary>A unique, non-free-mail domain (so O2 creates an organization for it).</summary>
    private static string Domain(string tag) => $"{tag}-{Guid.NewGuid():N}"[..(tag.Length + 9)] + ".e2e.example";

    /// <summary>Waits until the message with this Message-ID is in the inbox and filed; returns its ticket and client from <c>GET /api/v1/inbound/{id}</c>.</summary>
    private async Task<(Guid TicketId, Guid ClientId)> TicketOfAsync(HttpClient admin, Guid channel, string messageId)
    {
        var inboxId = await Eventually.ReturnsAsync(
            () => host.Database.ScalarAsync<Guid?>(
                "SELECT id FROM channels.inbox_messages WHERE channel_id = @c AND external_message_id = @e", ("c", channel), ("e", messageId)),
            id => id is not null, TimeSpan.FromSeconds(60), $"{messageId} in the inbox");
        var status = await Eventually.ReturnsAsync(
            () => GetAsync(admin, $"/api/v1/inbound/{inboxId}"),
            s => s.GetProperty("status").GetString() != "pending", TimeSpan.FromSeconds(60), $"{messageId} to be filed");
        Assert.Equal("processed", status.GetProperty("status").GetString());
        return (status.GetProperty("ticketId").GetGuid(), status.GetProperty("clientId").GetGuid());
    }

    private async Task<HttpClient> AgentAsync(string name)
    {
        using var admin = await host.CreateAdminClientAsync();
        var email = $"agent-{Guid.NewGuid():N}@example.test";
        using var created = await admin.PostAsJsonAsync("/api/v1/agents", new { name, email, password = HostFixture.AgentPassword, role = "agent" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return host.CreateClientWithToken(await host.LoginAsync(email, HostFixture.AgentPassword));
    }

    /// <summary>The card's reachability entries for one address on one channel (there is one per address and channel of its kind).</summary>
    private static IEnumerable<JsonElement> Reachability(JsonElement page, string address, Guid channel) =>
        page.GetProperty("items").EnumerateArray()
            .Where(r => string.Equals(r.GetProperty("value").GetString(), address, StringComparison.OrdinalIgnoreCase)
                        && r.GetProperty("channelId").GetGuid() == channel);

    private static async Task<JsonElement> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.JsonAsync();
    }
}
