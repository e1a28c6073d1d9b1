using System.Net;
using System.Net.Http.Json;
using ModularDesk.Clients.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Clients.Tests.Cards;

/// <summary>C9, C4: adding, changing and removing one contact at a time.</summary>
public sealed class ContactTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task An_agent_adds_changes_and_removes_a_phone()
    {
        using var agent = await host.CreateAgentClientAsync();
        var id = await Support.Clients.CreateIdAsync(agent, new { name = "Contacts" });

        using var added = await agent.PostAsJsonAsync($"/api/v1/clients/{id}/contacts", new { kind = "phone", number = "+48 601 234 999", type = "work" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var contact = await added.JsonAsync();
        var contactId = contact.GetProperty("id").GetGuid();
        Assert.Equal("+48601234999", contact.GetProperty("value").GetString());
        Assert.Equal("work", contact.GetProperty("label").GetString());

        using var changed = await agent.PatchJsonAsync($"/api/v1/clients/{id}/contacts/{contactId}", new { type = "mobile" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var phone = (await Support.Clients.GetAsync(agent, id)).GetProperty("phones")[0];
        Assert.Equal("mobile", phone.GetProperty("type").GetString());
        Assert.Equal("+48 601 234 999", phone.GetProperty("display").GetString());

        using var removed = await agent.DeleteAsync($"/api/v1/clients/{id}/contacts/{contactId}");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(0, (await Support.Clients.GetAsync(agent, id)).GetProperty("phones").GetArrayLength());

        // Its identity went with it.
        await Support.Clients.CreateIdAsync(agent, new { name = "Next owner", phones = new[] { new { number = "+48601234999" } } });
    }

    [Fact]
    public async Task Adding_another_cards_messenger_id_is_a_409_naming_the_owner()
    {
        using var agent = await host.CreateAgentClientAsync();
        var telegram = Guid.NewGuid().ToString("N");
        var owner = await Support.Clients.CreateIdAsync(agent, new { name = "Owner", messengers = new[] { new { messenger = "telegram", id = telegram } } });
        var other = await Support.Clients.CreateIdAsync(agent, new { name = "Other" });

        using var response = await agent.PostAsJsonAsync($"/api/v1/clients/{other}/contacts", new { kind = "messenger", messenger = "Telegram", id = telegram });

        var problem = await response.AssertProblemAsync(409, "identity-conflict");
        Assert.Equal(owner, problem.GetProperty("conflictingClientId").GetGuid());

        // The same id on another messenger is another identity.
        using var whatsapp = await agent.PostAsJsonAsync($"/api/v1/clients/{other}/contacts", new { kind = "messenger", messenger = "viber", id = telegram });
        Assert.Equal(HttpStatusCode.Created, whatsapp.StatusCode);
    }

    [Fact]
    public async Task A_card_holds_up_to_50_contacts_of_a_kind()
    {
        using var agent = await host.CreateAgentClientAsync();
        var emails = Enumerable.Range(0, 50).Select(i => new { address = Support.Clients.NewEmail($"many{i}") }).ToArray();
        var id = await Support.Clients.CreateIdAsync(agent, new { name = "Fifty", emails });
        Assert.Equal(50, (await Support.Clients.GetAsync(agent, id)).GetProperty("emails").GetArrayLength());

        using var one = await agent.PostAsJsonAsync($"/api/v1/clients/{id}/contacts", new { kind = "email", address = Support.Clients.NewEmail() });
        using var list = await agent.PostAsJsonAsync("/api/v1/clients", new { name = "51", emails = emails.Append(new { address = Support.Clients.NewEmail() }) });

        await one.AssertProblemAsync(400, "validation-error");
        await list.AssertProblemAsync(400, "validation-error");
        Assert.Equal(["emails"], await list.ValidationFieldsAsync());
    }

    [Fact]
    public async Task A_bad_contact_kind_or_value_is_a_400()
    {
        using var agent = await host.CreateAgentClientAsync();
        var id = await Support.Clients.CreateIdAsync(agent, new { name = "Bad contact" });

        using var kind = await agent.PostAsJsonAsync($"/api/v1/clients/{id}/contacts", new { kind = "pigeon", value = "x" });
        using var value = await agent.PostAsJsonAsync($"/api/v1/clients/{id}/contacts", new { kind = "email", address = "@@" });

        await kind.AssertProblemAsync(400, "validation-error");
        Assert.Equal(["kind"], await kind.ValidationFieldsAsync());
        await value.AssertProblemAsync(400, "validation-error");
        Assert.Equal(["address"], await value.ValidationFieldsAsync());
    }
}
