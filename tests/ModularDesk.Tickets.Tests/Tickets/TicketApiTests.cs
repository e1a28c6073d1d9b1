using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ModularDesk.Testing;
using ModularDesk.Tickets.Tests.Support;
using static ModularDesk.Tickets.Tests.Support.TicketsHostFixture;

namespace ModularDesk.Tickets.Tests.Tickets;

/// <summary>T1, T4, T5, T7 through the API as an agent uses it.</summary>
public sealed class TicketApiTests(TicketsHostFixture host) : IClassFixture<TicketsHostFixture>
{
    private static async Task<Guid> CreateClientAsync(HttpClient client, string name, params string[] emails)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/clients", new
        {
            name,
            emails = emails.Select(e => new { address = e, label = "business" }).ToArray(),
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement> CreateTicketAsync(HttpClient client, Guid clientId, string subject, string? text = "Opening note")
    {
        using var response = await client.PostAsJsonAsync("/api/v1/tickets", new { clientId, subject, text });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    [Fact]
    public async Task Every_ticket_route_needs_a_signed_in_agent()
    {
        using var anonymous = host.CreateClient();
        foreach (var url in new[] { "/api/v1/tickets", $"/api/v1/tickets/{Guid.NewGuid()}", $"/api/v1/tickets/{Guid.NewGuid()}/client-panel",
                     $"/api/v1/clients/{Guid.NewGuid()}/tickets", $"/api/v1/organizations/{Guid.NewGuid()}/tickets" })
        {
            using var response = await anonymous.GetAsync(url);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using var post = await anonymous.PostAsJsonAsync($"/api/v1/tickets/{Guid.NewGuid()}/replies", new { text = "hi" });
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);

        using var agent = await host.AgentAsync();
        using var missing = await agent.GetAsync($"/api/v1/tickets/{Guid.NewGuid()}");
        await missing.AssertProblemAsync(404, "not-found");
    }

    [Fact]
    public async Task An_agent_creates_a_ticket_edits_it_and_a_stale_edit_is_refused()
    {
        using var agent = await host.AgentAsync();
        // A free-mail address: no organization is joined in the background, so nothing else changes the ticket between GET and PATCH.
        var clientId = await CreateClientAsync(agent, "Piotr Nowak", $"{Unique("piotr")}@gmail.com");
        var ticket = await CreateTicketAsync(agent, clientId, "Call back about the contract");
        var id = ticket.GetProperty("id").GetGuid();
        Assert.Equal("open", ticket.GetProperty("status").GetString());
        Assert.Equal(clientId, ticket.GetProperty("clientId").GetGuid());

        using var get = await agent.GetAsync($"/api/v1/tickets/{id}");
        var etag = get.Headers.ETag!;
        using (var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/tickets/{id}")
               {
                   Content = JsonContent.Create(new { status = "pending", priority = "high", tags = new[] { "contract", "callback" } }),
               })
        {
            patch.Headers.IfMatch.Add(etag);
            using var patched = await agent.SendAsync(patch);
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
            var body = await patched.JsonAsync();
            Assert.Equal("pending", body.GetProperty("status").GetString());
            Assert.Equal("high", body.GetProperty("priority").GetString());
            Assert.Equal(["contract", "callback"], body.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        }

        using (var stale = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/tickets/{id}") { Content = JsonContent.Create(new { status = "closed" }) })
        {
            stale.Headers.IfMatch.Add(etag);
            using var refused = await agent.SendAsync(stale);
            await refused.AssertProblemAsync(412, "stale-version");
        }

        using var invalid = await agent.PatchJsonAsync($"/api/v1/tickets/{id}", new { status = "archived", assigneeAgentId = Guid.NewGuid() });
        Assert.Equal(["status", "assigneeAgentId"], (await invalid.ValidationFieldsAsync()).Order().Reverse());
        Assert.Equal("pending", (await GetJsonAsync(agent, $"/api/v1/tickets/{id}")).GetProperty("status").GetString());

        using var noClient = await agent.PostAsJsonAsync("/api/v1/tickets", new { clientId = Guid.NewGuid(), subject = "x" });
        Assert.Equal(["clientId"], await noClient.ValidationFieldsAsync());
    }

    [Fact]
    public async Task The_list_filters_by_status_client_and_query_and_pages_by_cursor()
    {
        using var agent = await host.AgentAsync();
        var clientId = await CreateClientAsync(agent, "Lista Klient", $"{Unique("list")}@example.pl");
        var word = Unique("zebra");
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await CreateTicketAsync(agent, clientId, $"{word} ticket {i}")).GetProperty("id").GetGuid());
        }

        await agent.PatchJsonAsync($"/api/v1/tickets/{ids[1]}", new { status = "resolved" });

        var page1 = await GetJsonAsync(agent, $"/api/v1/tickets?clientId={clientId}&limit=2");
        var page2 = await GetJsonAsync(agent, $"/api/v1/tickets?clientId={clientId}&limit=2&cursor={page1.GetProperty("nextCursor").GetString()}");
        var page3 = await GetJsonAsync(agent, $"/api/v1/tickets?clientId={clientId}&limit=2&cursor={page2.GetProperty("nextCursor").GetString()}");
        var seen = new[] { page1, page2, page3 }.SelectMany(p => p.GetProperty("items").EnumerateArray()).Select(t => t.GetProperty("id").GetGuid());
        Assert.Equal(Enumerable.Reverse(ids), seen);
        Assert.Equal(JsonValueKind.Null, page3.GetProperty("nextCursor").ValueKind);

        var resolved = await GetJsonAsync(agent, $"/api/v1/tickets?clientId={clientId}&status=resolved");
        Assert.Equal([ids[1]], resolved.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()));

        var byWord = await GetJsonAsync(agent, $"/api/v1/tickets?q={word}%20ticket%203");
        Assert.Equal([ids[3]], byWord.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()));

        var number = (await GetJsonAsync(agent, $"/api/v1/tickets/{ids[2]}")).GetProperty("number").GetInt64();
        var byNumber = await GetJsonAsync(agent, $"/api/v1/tickets?q=%23{number}");
        Assert.Contains(byNumber.GetProperty("items").EnumerateArray(), t => t.GetProperty("id").GetGuid() == ids[2]);

        using var badStatus = await agent.GetAsync("/api/v1/tickets?status=archived");
        Assert.Equal(["status"], await badStatus.ValidationFieldsAsync());
    }

    [Fact]
    public async Task A_ticket_moves_to_another_client_and_replies_go_only_to_one_of_the_clients_emails()
    {
        using var agent = await host.AgentAsync();
        var work = $"{Unique("work")}@acme.example";
        var home = $"{Unique("home")}@home.example";
        var wrongClient = await CreateClientAsync(agent, "Wrong Person", $"{Unique("wrong")}@example.org");
        var rightClient = await CreateClientAsync(agent, "Right Person", work, home);
        var ticket = await CreateTicketAsync(agent, wrongClient, "Filed on the wrong card");
        var id = ticket.GetProperty("id").GetGuid();

        using (var moved = await agent.PostAsJsonAsync($"/api/v1/tickets/{id}/change-client", new { clientId = rightClient }))
        {
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
            Assert.Equal(rightClient, (await moved.JsonAsync()).GetProperty("clientId").GetGuid());
        }

        Assert.Empty((await GetJsonAsync(agent, $"/api/v1/clients/{wrongClient}/tickets")).GetProperty("items").EnumerateArray());
        Assert.Single((await GetJsonAsync(agent, $"/api/v1/clients/{rightClient}/tickets")).GetProperty("items").EnumerateArray());

        using (var notTheirs = await agent.PutAsJsonAsync($"/api/v1/tickets/{id}/reply-address", new { email = "someone@else.example" }))
        {
            Assert.Equal(["email"], await notTheirs.ValidationFieldsAsync());
        }

        using (var chosen = await agent.PutAsJsonAsync($"/api/v1/tickets/{id}/reply-address", new { email = home.ToUpperInvariant() }))
        {
            Assert.Equal(HttpStatusCode.OK, chosen.StatusCode);
            Assert.Equal(home, (await chosen.JsonAsync()).GetProperty("replyEmail").GetString());
        }
    }

    [Fact]
    public async Task Notes_are_kept_and_replies_are_queued_for_the_channel()
    {
        using var admin = await host.AdminAsync();
        var email = $"{Unique("reply")}@example.org";
        var (ticketId, _) = await IngestAsync(admin, new
        {
            externalMessageId = $"<{Guid.NewGuid()}@example.org>",
            from = new { kind = "email", value = email, displayName = "Reply Me" },
            subject = "Need an answer",
            text = "Please answer.",
        });

        using var agent = await host.AgentAsync();
        using (var note = await agent.PostAsJsonAsync($"/api/v1/tickets/{ticketId}/replies", new { text = "Customer is angry", @internal = true }))
        {
            Assert.Equal(HttpStatusCode.Accepted, note.StatusCode);
            var body = await note.JsonAsync();
            Assert.Equal("internal", body.GetProperty("direction").GetString());
            Assert.Equal(JsonValueKind.Null, body.GetProperty("deliveryStatus").ValueKind);
        }

        using (var reply = await agent.PostAsJsonAsync($"/api/v1/tickets/{ticketId}/replies", new { text = "We are on it." }))
        {
            Assert.Equal(HttpStatusCode.Accepted, reply.StatusCode);
            var body = await reply.JsonAsync();
            Assert.Equal("out", body.GetProperty("direction").GetString());
            Assert.Equal("queued", body.GetProperty("deliveryStatus").GetString());
        }

        using (var empty = await agent.PostAsJsonAsync($"/api/v1/tickets/{ticketId}/replies", new { text = "" }))
        {
            Assert.Equal(["text"], await empty.ValidationFieldsAsync());
        }

        var messages = (await GetJsonAsync(agent, $"/api/v1/tickets/{ticketId}/messages")).GetProperty("items");
        Assert.Equal(["in", "internal", "out"], messages.EnumerateArray().Select(m => m.GetProperty("direction").GetString()));
        Assert.Equal("open", (await GetJsonAsync(agent, $"/api/v1/tickets/{ticketId}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_client_panel_shows_contacts_note_five_other_tickets_and_recent_attachments_in_one_call()
    {
        using var admin = await host.AdminAsync();
        var email = $"{Unique("panel")}@panel.example";
        var ticketIds = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            var (ticketId, _) = await IngestAsync(admin, new
            {
                externalMessageId = $"<{Guid.NewGuid()}@panel.example>",
                from = new { kind = "email", value = email, displayName = "Panel Person" },
                subject = $"Question {i}",
                text = "See attached",
                attachments = i == 6
                    ? new[] { new { name = "scan.pdf", contentType = "application/pdf", contentBase64 = Convert.ToBase64String("%PDF-1.4 test"u8.ToArray()) } }
                    : [],
            });
            ticketIds.Add(ticketId);
        }

        using var agent = await host.AgentAsync();
        var panel = await GetJsonAsync(agent, $"/api/v1/tickets/{ticketIds[0]}/client-panel");
        Assert.Equal("Panel Person", panel.GetProperty("client").GetProperty("name").GetString());
        Assert.Contains(panel.GetProperty("client").GetProperty("contacts").EnumerateArray(),
            c => c.GetProperty("kind").GetString() == "email" && string.Equals(c.GetProperty("value").GetString(), email, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(
            Enumerable.Reverse(ticketIds).Take(5),
            panel.GetProperty("lastTickets").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()));
        var attachment = Assert.Single(panel.GetProperty("attachments").EnumerateArray());
        Assert.Equal("scan.pdf", attachment.GetProperty("name").GetString());
        Assert.Equal("application/pdf", attachment.GetProperty("contentType").GetString());
    }

    [Fact]
    public async Task Deleting_a_client_removes_its_tickets_and_messages()
    {
        using var admin = await host.AdminAsync();
        var (ticketId, clientId) = await IngestAsync(admin, new
        {
            externalMessageId = $"<{Guid.NewGuid()}@gone.example>",
            from = new { kind = "email", value = $"{Unique("gone")}@gone.example" },
            subject = "Forget me",
            text = "Please delete my data.",
        });

        using (var deleted = await admin.DeleteAsync($"/api/v1/clients/{clientId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        await Eventually.TrueAsync(async () => (await admin.GetAsync($"/api/v1/tickets/{ticketId}")).StatusCode == HttpStatusCode.NotFound,
            what: "the client's ticket to be deleted");
        Assert.Equal(0L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM tickets.messages WHERE client_id = @c", ("c", clientId)));
    }
}
