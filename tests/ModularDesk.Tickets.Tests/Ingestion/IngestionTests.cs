using System.Net;
using System.Net.Http.Json;
using ModularDesk.Testing;
using ModularDesk.Tickets.Tests.Support;
using static ModularDesk.Tickets.Tests.Support.TicketsHostFixture;

namespace ModularDesk.Tickets.Tests.Ingestion;

/// <summary>T2/T3 through <c>POST /api/v1/inbound</c> on the real host: Clients resolves, Tickets files, the inbox shows it.</summary>
public sealed class IngestionTests(TicketsHostFixture host) : IClassFixture<TicketsHostFixture>
{
    [Fact]
    public async Task A_new_sender_gets_a_card_and_a_ticket_and_a_known_sender_keeps_the_card()
    {
        using var admin = await host.AdminAsync();
        var email = $"{Unique("anna")}@example.org";

        var (ticketId, clientId) = await IngestAsync(admin, new
        {
            externalMessageId = $"<{Guid.NewGuid()}@mail.example.org>",
            from = new { kind = "email", value = email, displayName = "Anna Silva" },
            subject = "Printer on fire",
            text = "Hello, the printer in room 4 is on fire.",
        });

        var ticket = await GetJsonAsync(admin, $"/api/v1/tickets/{ticketId}");
        Assert.Equal("Printer on fire", ticket.GetProperty("subject").GetString());
        Assert.Equal("new", ticket.GetProperty("status").GetString());
        Assert.Equal(clientId, ticket.GetProperty("clientId").GetGuid());
        Assert.Equal("api", ticket.GetProperty("channelType").GetString());
        Assert.True(ticket.GetProperty("number").GetInt64() > 0);

        var card = await GetJsonAsync(admin, $"/api/v1/clients/{clientId}");
        Assert.Equal("Anna Silva", card.GetProperty("name").GetString());

        var messages = await GetJsonAsync(admin, $"/api/v1/tickets/{ticketId}/messages");
        var message = Assert.Single(messages.GetProperty("items").EnumerateArray());
        Assert.Equal("in", message.GetProperty("direction").GetString());
        Assert.Equal("Hello, the printer in room 4 is on fire.", message.GetProperty("text").GetString());
        Assert.Equal("Anna Silva", message.GetProperty("author").GetString());

        var (secondTicket, secondClient) = await IngestAsync(admin, new
        {
            externalMessageId = $"<{Guid.NewGuid()}@mail.example.org>",
            from = new { kind = "email", value = email.ToUpperInvariant() },
            subject = "Another thing",
            text = "Also the coffee machine.",
        });
        Assert.Equal(clientId, secondClient);
        Assert.NotEqual(ticketId, secondTicket);

        var list = await GetJsonAsync(admin, $"/api/v1/clients/{clientId}/tickets");
        Assert.Equal([secondTicket, ticketId], list.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task An_email_reply_threads_into_its_ticket_but_a_forged_reference_from_another_sender_does_not()
    {
        using var admin = await host.AdminAsync();
        var email = $"{Unique("jan")}@example.pl";
        var firstId = $"<{Guid.NewGuid()}@mail.example.pl>";
        var (ticketId, clientId) = await IngestAsync(admin, new
        {
            externalMessageId = firstId,
            from = new { kind = "email", value = email },
            subject = "Invoice 42",
            text = "Where is my invoice?",
        });

        var (replyTicket, _) = await IngestAsync(admin, new
        {
            externalMessageId = $"<{Guid.NewGuid()}@mail.example.pl>",
            from = new { kind = "email", value = email },
            subject = "Re: Invoice 42",
            text = "Any news?",
            inReplyTo = firstId,
            references = new[] { firstId },
        });
        Assert.Equal(ticketId, replyTicket);

        var number = (await GetJsonAsync(admin, $"/api/v1/tickets/{ticketId}")).GetProperty("number").GetInt64();
        var (tokenTicket, _) = await IngestAsync(admin, new
        {
            externalMessageId = $"<{Guid.NewGuid()}@mail.example.pl>",
            from = new { kind = "email", value = email },
            subject = $"Re: [#{number}] Invoice 42",
            text = "Written from another mail client.",
        });
        Assert.Equal(ticketId, tokenTicket);

        var (forgedTicket, forgerId) = await IngestAsync(admin, new
        {
            externalMessageId = $"<{Guid.NewGuid()}@evil.example>",
            from = new { kind = "email", value = $"{Unique("mallory")}@evil.example" },
            subject = $"Re: [#{number}] Invoice 42",
            text = "I am the agent, send me the invoice.",
            inReplyTo = firstId,
            references = new[] { firstId },
        });
        Assert.NotEqual(clientId, forgerId);
        Assert.NotEqual(ticketId, forgedTicket);

        var messages = await GetJsonAsync(admin, $"/api/v1/tickets/{ticketId}/messages");
        Assert.Equal(3, messages.GetProperty("items").GetArrayLength());
        Assert.DoesNotContain(messages.GetProperty("items").EnumerateArray(), m => m.GetProperty("text").GetString()!.Contains("I am the agent"));
    }

    [Fact]
    public async Task A_messenger_conversation_stays_one_ticket_and_reopens_after_being_resolved()
    {
        using var admin = await host.AdminAsync();
        var chatId = Unique("tg");
        object Message(string text) => new
        {
            externalMessageId = Guid.NewGuid().ToString(),
            from = new { kind = "messenger", value = chatId, messenger = "telegram", displayName = "Olga" },
            conversationId = chatId,
            text,
        };

        var (ticketId, _) = await IngestAsync(admin, Message("Hi"));
        var (sameTicket, _) = await IngestAsync(admin, Message("Are you there?"));
        Assert.Equal(ticketId, sameTicket);

        using (var resolve = await admin.PatchJsonAsync($"/api/v1/tickets/{ticketId}", new { status = "resolved" }))
        {
            Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);
        }

        var (reopened, _) = await IngestAsync(admin, Message("One more question"));
        Assert.Equal(ticketId, reopened);
        var ticket = await GetJsonAsync(admin, $"/api/v1/tickets/{ticketId}");
        Assert.Equal("open", ticket.GetProperty("status").GetString());
        Assert.Equal("Hi", ticket.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task The_same_message_posted_20_times_at_once_becomes_one_message()
    {
        using var admin = await host.AdminAsync();
        var externalId = $"<{Guid.NewGuid()}@dup.example>";
        var body = new
        {
            externalMessageId = externalId,
            from = new { kind = "email", value = $"{Unique("dup")}@dup.example" },
            subject = "Duplicate",
            text = "Sent by a nervous webhook.",
        };

        var inboxIds = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => PostInboundAsync(admin, body)));
        Assert.Single(inboxIds.Distinct());

        var status = await WaitForInboundAsync(admin, inboxIds[0]);
        var ticketId = status.GetProperty("ticketId").GetGuid();
        var messages = await GetJsonAsync(admin, $"/api/v1/tickets/{ticketId}/messages");
        Assert.Single(messages.GetProperty("items").EnumerateArray());
        Assert.Equal(1L, await host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM tickets.messages WHERE external_message_id = @id", ("id", externalId.Trim('<', '>'))));
    }

    [Fact]
    public async Task A_message_whose_processing_throws_is_retried_and_one_that_always_throws_is_kept_as_failed()
    {
        using var admin = await host.AdminAsync();
        var flaky = await PostInboundAsync(admin, new
        {
            externalMessageId = Guid.NewGuid().ToString(),
            from = new { kind = "externalId", value = Unique("fail-once"), messenger = "shop" },
            text = "First try fails",
        });
        var broken = await PostInboundAsync(admin, new
        {
            externalMessageId = Guid.NewGuid().ToString(),
            from = new { kind = "externalId", value = Unique("fail-always"), messenger = "shop" },
            text = "Every try fails",
        });

        var processed = await WaitForInboundAsync(admin, flaky);
        Assert.True(processed.GetProperty("attempts").GetInt32() >= 2);
        var ticket = await GetJsonAsync(admin, $"/api/v1/tickets/{processed.GetProperty("ticketId").GetGuid()}");
        Assert.Equal("First try fails", ticket.GetProperty("subject").GetString());

        var failed = await WaitForInboundAsync(admin, broken, "failed");
        Assert.Contains("Injected failure", failed.GetProperty("error").GetString());
        Assert.Equal(3, failed.GetProperty("attempts").GetInt32());
        Assert.Equal(JsonValueKindNull, failed.GetProperty("ticketId").ValueKind);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    [Fact]
    public async Task Html_is_sanitized_attachments_are_stored_and_an_edit_updates_the_original()
    {
        using var admin = await host.AdminAsync();
        var chatId = Unique("wa");
        var originalId = Guid.NewGuid().ToString();
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4 };
        var (ticketId, _) = await IngestAsync(admin, new
        {
            externalMessageId = originalId,
            from = new { kind = "phone", value = "+48601" + Random.Shared.Next(100000, 999999) },
            conversationId = chatId,
            text = "see photo",
            html = "<p onclick=\"steal()\">see <b>photo</b><script>alert(1)</script></p>",
            attachments = new[] { new { name = "../../etc/photo.png", contentType = "text/html", contentBase64 = Convert.ToBase64String(png) } },
        });

        var message = (await GetJsonAsync(admin, $"/api/v1/tickets/{ticketId}/messages")).GetProperty("items")[0];
        var html = message.GetProperty("html").GetString()!;
        Assert.Contains("<b>photo</b>", html);
        Assert.DoesNotContain("script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", html, StringComparison.OrdinalIgnoreCase);
        var attachment = Assert.Single(message.GetProperty("attachments").EnumerateArray());
        Assert.Equal("photo.png", attachment.GetProperty("name").GetString());
        Assert.Equal("image/png", attachment.GetProperty("contentType").GetString());
        using (var download = await admin.GetAsync(attachment.GetProperty("url").GetString()))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(png, await download.Content.ReadAsByteArrayAsync());
            Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        }

        var phone = message.GetProperty("author").GetString();
        Assert.False(string.IsNullOrEmpty(phone));
        var sender = (await GetJsonAsync(admin, $"/api/v1/inbound/{(await host.Database.ScalarAsync<Guid>(
            "SELECT inbox_id FROM tickets.messages WHERE ticket_id = @t", ("t", ticketId)))}"));
        Assert.Equal("processed", sender.GetProperty("status").GetString());

        var from = await host.Database.ScalarAsync<string>("SELECT sender_value FROM tickets.messages WHERE ticket_id = @t", ("t", ticketId));
        await IngestAsync(admin, new
        {
            externalMessageId = Guid.NewGuid().ToString(),
            from = new { kind = "phone", value = from },
            conversationId = chatId,
            text = "see photo (edited)",
            isEdit = true,
            editOf = originalId,
        });
        var items = (await GetJsonAsync(admin, $"/api/v1/tickets/{ticketId}/messages")).GetProperty("items");
        var edited = Assert.Single(items.EnumerateArray());
        Assert.Equal("see photo (edited)", edited.GetProperty("text").GetString());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, edited.GetProperty("editedAt").ValueKind);
    }
}
