using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ModularDesk.Clients.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Clients.Tests.Cards;

/// <summary>An agent creating, reading and editing client cards (C1, C2, C9, C16).</summary>
public sealed class CardTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task An_agent_creates_a_full_card_and_reads_it_back_with_an_etag()
    {
        await Support.ClientCards.DefineTextFieldAsync(host, "plan"); // customFields are typed (C17): the field must exist
        await Support.ClientCards.DefineCustomerTypeAsync(host, "partner"); // so is customerType (O8)
        using var agent = await host.CreateAgentClientAsync();
        var email = Support.Clients.NewEmail("Jan.Kowalski");
        var body = new
        {
            name = "Jan Kowalski",
            language = "pl",
            position = "CTO",
            note = "Journalist: verified information only",
            isVip = true,
            customerType = "partner",
            phones = new[] { new { number = "+48 601 234 567", type = "mobile" } },
            emails = new[] { new { address = email, label = "business" } },
            sites = new[] { "https://acme.pl" },
            socialProfiles = new[] { new { network = "linkedin", url = "https://www.linkedin.com/in/jan" } },
            messengers = new[] { new { messenger = "telegram", id = "123456789" } },
            externalIds = new[] { new { source = "shop", id = "u-42" } },
            addresses = new[] { new { type = "work", lines = new[] { "ul. Prosta 1" }, city = "Warszawa", postalCode = "00-001", country = "PL" } },
            customFields = new { plan = "gold" },
        };

        using var created = await agent.PostAsJsonAsync("/api/v1/clients", body);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var card = await created.JsonAsync();
        var id = card.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/clients/{id}", created.Headers.Location?.OriginalString);

        using var read = await agent.GetAsync($"/api/v1/clients/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.NotNull(read.Headers.ETag);
        card = await read.JsonAsync();
        Assert.Equal("Jan Kowalski", card.GetProperty("name").GetString());
        Assert.Equal("pl", card.GetProperty("language").GetString());
        Assert.Equal("CTO", card.GetProperty("position").GetString());
        Assert.True(card.GetProperty("isVip").GetBoolean());
        Assert.False(card.GetProperty("hidden").GetBoolean());
        Assert.Equal("partner", card.GetProperty("customerType").GetString());
        var phone = card.GetProperty("phones")[0];
        Assert.Equal("+48601234567", phone.GetProperty("number").GetString());
        Assert.Equal("+48 601 234 567", phone.GetProperty("display").GetString());
        Assert.Equal("mobile", phone.GetProperty("type").GetString());
        Assert.Equal("agent", phone.GetProperty("source").GetString());
        Assert.NotEqual(Guid.Empty, phone.GetProperty("id").GetGuid());
        Assert.Equal(email, card.GetProperty("emails")[0].GetProperty("address").GetString());
        Assert.Equal("business", card.GetProperty("emails")[0].GetProperty("label").GetString());
        Assert.Equal("https://acme.pl", card.GetProperty("sites")[0].GetProperty("url").GetString());
        Assert.Equal("linkedin", card.GetProperty("socialProfiles")[0].GetProperty("network").GetString());
        Assert.Equal("123456789", card.GetProperty("messengers")[0].GetProperty("id").GetString());
        Assert.Equal("telegram", card.GetProperty("messengers")[0].GetProperty("messenger").GetString());
        Assert.Equal("shop", card.GetProperty("externalIds")[0].GetProperty("source").GetString());
        Assert.Equal("u-42", card.GetProperty("externalIds")[0].GetProperty("id").GetString());
        Assert.Equal("Warszawa", card.GetProperty("addresses")[0].GetProperty("city").GetString());
        Assert.Equal("ul. Prosta 1", card.GetProperty("addresses")[0].GetProperty("lines")[0].GetString());
        Assert.Equal("gold", card.GetProperty("customFields").GetProperty("plan").GetString());
        Assert.Equal("agent", card.GetProperty("provenance").GetProperty("name").GetProperty("source").GetString());
        Assert.EndsWith("Z", card.GetProperty("createdAt").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_card_with_only_an_email_is_named_after_it_and_gets_a_gravatar_url()
    {
        using var agent = await host.CreateAgentClientAsync();
        var email = Support.Clients.NewEmail("Only.Email");

        var card = await Support.Clients.CreateAsync(agent, new { emails = new[] { new { address = "  " + email + " " } } });

        Assert.Equal(email, card.GetProperty("name").GetString());
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(email.ToLowerInvariant())));
        Assert.Equal($"https://www.gravatar.com/avatar/{hash}?d=404", card.GetProperty("avatarUrl").GetString());
    }

    [Fact]
    public async Task Nothing_identifying_is_a_400_naming_name()
    {
        using var agent = await host.CreateAgentClientAsync();

        using var response = await agent.PostAsJsonAsync("/api/v1/clients", new { position = "CTO", sites = new[] { "https://acme.pl" } });

        await response.AssertProblemAsync(400, "validation-error");
        Assert.Equal(["name"], await response.ValidationFieldsAsync());
    }

    [Fact]
    public async Task A_bad_email_and_a_phone_without_prefix_are_400s_with_field_paths()
    {
        using var agent = await host.CreateAgentClientAsync();

        using var response = await agent.PostAsJsonAsync("/api/v1/clients", new
        {
            name = "Bad Inputs",
            emails = new object[] { new { address = Support.Clients.NewEmail() }, new { address = "not-an-email" } },
            phones = new[] { new { number = "601 234 567", type = "mobile" } },
        });

        var problem = await response.AssertProblemAsync(400, "validation-error");
        Assert.Equivalent(new[] { "emails[1].address", "phones[0].number" }, await response.ValidationFieldsAsync());
        Assert.Contains("country prefix", problem.GetProperty("errors").GetProperty("phones[0].number")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("phones", "{\"number\":\"+48 12\"}", "phones[0].number")]
    [InlineData("phones", "{\"number\":\"+48 601 234 567\",\"type\":\"pager\"}", "phones[0].type")]
    [InlineData("emails", "{\"address\":\"a@b\"}", "emails[0].address")]
    [InlineData("messengers", "{\"id\":\"42\"}", "messengers[0].messenger")]
    [InlineData("externalIds", "{\"source\":\"shop\"}", "externalIds[0].id")]
    [InlineData("socialProfiles", "{\"url\":\"javascript:alert(1)\"}", "socialProfiles[0].url")]
    [InlineData("addresses", "{\"type\":\"castle\"}", "addresses[0].type")]
    public async Task Each_invalid_contact_is_named_by_its_path(string list, string item, string path)
    {
        using var agent = await host.CreateAgentClientAsync();

        using var response = await agent.PostJsonAsync("/api/v1/clients", $$"""{"name":"Paths","{{list}}":[{{item}}]}""");

        await response.AssertProblemAsync(400, "validation-error");
        Assert.Equal([path], await response.ValidationFieldsAsync());
    }

    [Fact]
    public async Task A_name_over_200_characters_is_a_400_and_a_10_MB_name_is_refused()
    {
        using var agent = await host.CreateAgentClientAsync();

        using var longName = await agent.PostAsJsonAsync("/api/v1/clients", new { name = new string('a', 201) });
        await longName.AssertProblemAsync(400, "validation-error");
        Assert.Equal(["name"], await longName.ValidationFieldsAsync());

        using var huge = await agent.PostJsonAsync("/api/v1/clients", "{\"name\":\"" + new string('a', 10 * 1024 * 1024) + "\"}");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
    }

    [Fact]
    public async Task Script_tags_in_every_text_field_are_stored_and_returned_as_the_same_text()
    {
        await Support.ClientCards.DefineTextFieldAsync(host, "plan"); // customFields are typed (C17): the field must exist
        using var agent = await host.CreateAgentClientAsync();
        const string Script = "<script>alert('x')</script>";
        await Support.ClientCards.DefineCustomerTypeAsync(host, Script);

        var card = await Support.Clients.CreateAsync(agent, new
        {
            name = Script,
            position = Script,
            note = Script,
            customerType = Script,
            messengers = new[] { new { messenger = "telegram", id = Script + Guid.NewGuid() } },
            externalIds = new[] { new { source = "shop", id = Script + Guid.NewGuid() } },
            addresses = new[] { new { type = "home", lines = new[] { Script }, city = Script } },
            customFields = new { plan = Script },
        });

        var read = await Support.Clients.GetAsync(agent, card.GetProperty("id").GetGuid());
        Assert.Equal(Script, read.GetProperty("name").GetString());
        Assert.Equal(Script, read.GetProperty("position").GetString());
        Assert.Equal(Script, read.GetProperty("note").GetString());
        Assert.Equal(Script, read.GetProperty("customerType").GetString());
        Assert.StartsWith(Script, read.GetProperty("messengers")[0].GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.StartsWith(Script, read.GetProperty("externalIds")[0].GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(Script, read.GetProperty("addresses")[0].GetProperty("lines")[0].GetString());
        Assert.Equal(Script, read.GetProperty("addresses")[0].GetProperty("city").GetString());
        Assert.Equal(Script, read.GetProperty("customFields").GetProperty("plan").GetString());
    }

    [Fact]
    public async Task An_email_of_another_card_in_any_case_is_a_409_naming_the_owner()
    {
        using var agent = await host.CreateAgentClientAsync();
        var email = Support.Clients.NewEmail("Owner");
        var owner = await Support.Clients.CreateIdAsync(agent, new { name = "Owner", emails = new[] { new { address = email } } });

        using var response = await agent.PostAsJsonAsync(
            "/api/v1/clients", new { name = "Copycat", emails = new[] { new { address = "  " + email.ToUpperInvariant() } } });

        var problem = await response.AssertProblemAsync(409, "identity-conflict");
        Assert.Equal(owner, problem.GetProperty("conflictingClientId").GetGuid());
    }

    [Fact]
    public async Task A_phone_written_differently_is_the_same_identity()
    {
        using var agent = await host.CreateAgentClientAsync();
        var owner = await Support.Clients.CreateIdAsync(agent, new { name = "Brazil", phones = new[] { new { number = "+55 11 98765-4321" } } });

        // The same mobile without Brazil's 9th digit, as WhatsApp sometimes sends it.
        using var response = await agent.PostAsJsonAsync("/api/v1/clients", new { name = "Brazil 2", phones = new[] { new { number = "+55 11 8765-4321" } } });

        var problem = await response.AssertProblemAsync(409, "identity-conflict");
        Assert.Equal(owner, problem.GetProperty("conflictingClientId").GetGuid());
    }

    [Fact]
    public async Task Twenty_parallel_creations_with_one_email_give_one_201_and_nineteen_409s()
    {
        using var agent = await host.CreateAgentClientAsync();
        var email = Support.Clients.NewEmail("Race");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            agent.PostAsJsonAsync("/api/v1/clients", new { name = $"Racer {i}", emails = new[] { new { address = email } } })));

        try
        {
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
            Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
            var winner = (await responses.Single(r => r.StatusCode == HttpStatusCode.Created).JsonAsync()).GetProperty("id").GetGuid();
            foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
            {
                Assert.Equal(winner, (await conflict.JsonAsync()).GetProperty("conflictingClientId").GetGuid());
            }
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_merge_patch_changes_only_what_it_names_and_a_stale_etag_is_a_412()
    {
        using var agent = await host.CreateAgentClientAsync();
        var id = await Support.Clients.CreateIdAsync(agent, new
        {
            name = "Patch Me", note = "keep", emails = new[] { new { address = Support.Clients.NewEmail() } },
        });
        using var read = await agent.GetAsync($"/api/v1/clients/{id}");
        var etag = read.Headers.ETag!;
        var contactId = (await read.JsonAsync()).GetProperty("emails")[0].GetProperty("id").GetGuid();

        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/clients/{id}")
        {
            Content = new StringContent("""{"name":"Patched","position":"CEO"}""", Encoding.UTF8, "application/merge-patch+json"),
        };
        patch.Headers.IfMatch.Add(etag);
        using var patched = await agent.SendAsync(patch);

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var card = await patched.JsonAsync();
        Assert.Equal("Patched", card.GetProperty("name").GetString());
        Assert.Equal("CEO", card.GetProperty("position").GetString());
        Assert.Equal("keep", card.GetProperty("note").GetString());
        Assert.Equal(contactId, card.GetProperty("emails")[0].GetProperty("id").GetGuid());
        Assert.NotEqual(etag, patched.Headers.ETag);

        using var stale = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/clients/{id}") { Content = JsonContent.Create(new { name = "Late" }) };
        stale.Headers.IfMatch.Add(etag);
        using var staleResponse = await agent.SendAsync(stale);
        await staleResponse.AssertProblemAsync(412, "stale-version");
        Assert.Equal("Patched", (await Support.Clients.GetAsync(agent, id)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_patched_contact_list_replaces_the_list_and_keeps_contacts_that_stay()
    {
        using var agent = await host.CreateAgentClientAsync();
        var keep = Support.Clients.NewEmail("keep");
        var card = await Support.Clients.CreateAsync(agent, new
        {
            name = "Lists", emails = new[] { new { address = keep }, new { address = Support.Clients.NewEmail("drop") } },
        });
        var id = card.GetProperty("id").GetGuid();
        var keptId = card.GetProperty("emails")[0].GetProperty("id").GetGuid();
        var added = Support.Clients.NewEmail("added");

        using var patched = await agent.PatchJsonAsync($"/api/v1/clients/{id}", new { emails = new object[] { new { address = keep, label = "private" }, new { address = added } } });

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var emails = (await patched.JsonAsync()).GetProperty("emails").EnumerateArray().ToList();
        Assert.Equal([keep, added], emails.Select(e => e.GetProperty("address").GetString()));
        Assert.Equal(keptId, emails[0].GetProperty("id").GetGuid());
        Assert.Equal("private", emails[0].GetProperty("label").GetString());

        // The dropped address is free again.
        await Support.Clients.CreateAsync(agent, new { name = "Takes it", emails = new[] { new { address = card.GetProperty("emails")[1].GetProperty("address").GetString() } } });
    }

    [Fact]
    public async Task An_unknown_owner_agent_is_a_400_and_a_real_one_is_kept()
    {
        using var agent = await host.CreateAgentClientAsync();
        using var admin = await host.CreateAdminClientAsync();
        var agentsList = await (await admin.GetAsync("/api/v1/agents?limit=200")).JsonAsync();
        var someAgent = agentsList.GetProperty("items")[0].GetProperty("id").GetGuid();

        using var unknown = await agent.PostAsJsonAsync("/api/v1/clients", new { name = "Owned", ownerAgentId = Guid.NewGuid() });
        await unknown.AssertProblemAsync(400, "validation-error");
        Assert.Equal(["ownerAgentId"], await unknown.ValidationFieldsAsync());

        var card = await Support.Clients.CreateAsync(agent, new { name = "Owned", ownerAgentId = someAgent });
        Assert.Equal(someAgent, card.GetProperty("ownerAgentId").GetGuid());
    }

    [Fact]
    public async Task Hiding_and_deleting_a_card()
    {
        using var agent = await host.CreateAgentClientAsync();
        var id = await Support.Clients.CreateIdAsync(agent, new { name = "Ghost" });

        using (var hide = await agent.PostAsync($"/api/v1/clients/{id}/hide", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, hide.StatusCode);
        }

        Assert.True((await Support.Clients.GetAsync(agent, id)).GetProperty("hidden").GetBoolean());
        using (var unhide = await agent.PostAsync($"/api/v1/clients/{id}/unhide", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, unhide.StatusCode);
        }

        Assert.False((await Support.Clients.GetAsync(agent, id)).GetProperty("hidden").GetBoolean());

        using var deleted = await agent.DeleteAsync($"/api/v1/clients/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await agent.GetAsync($"/api/v1/clients/{id}");
        await gone.AssertProblemAsync(404, "not-found");
    }

    [Fact]
    public async Task Without_a_token_the_clients_api_is_a_401()
    {
        using var anonymous = host.CreateClient();

        using var response = await anonymous.GetAsync($"/api/v1/clients/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_customer_type_must_be_one_the_admin_configured()
    {
        await Support.ClientCards.DefineCustomerTypeAsync(host, "Reseller");
        using var agent = await host.CreateAgentClientAsync();

        using var unknown = await agent.PostAsJsonAsync("/api/v1/clients", new { name = "Typed Person", customerType = "Wholesale" });
        var problem = await unknown.AssertProblemAsync(400, "validation-error");
        var message = problem.GetProperty("errors").GetProperty("customerType")[0].GetString();
        Assert.Contains("Reseller", message, StringComparison.Ordinal);

        // Any case of a configured type is that type, stored as the admin wrote it; null clears it.
        var id = await Support.ClientCards.CreateAsync(agent, new { name = "Typed Person", customerType = "reseller" });
        Assert.Equal("Reseller", (await Support.Clients.GetAsync(agent, id)).GetProperty("customerType").GetString());

        using var badPatch = await agent.PatchJsonAsync($"/api/v1/clients/{id}", new { customerType = "Wholesale" });
        Assert.Contains("customerType", await badPatch.ValidationFieldsAsync());
        Assert.Equal("Reseller", (await Support.Clients.GetAsync(agent, id)).GetProperty("customerType").GetString());

        using var cleared = await agent.PatchJsonAsync($"/api/v1/clients/{id}", new { customerType = (string?)null });
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await Support.Clients.GetAsync(agent, id)).GetProperty("customerType").ValueKind);
    }
}
