using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ModularDesk.Organizations.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Organizations.Tests.Cards;

/// <summary>An agent keeping organization cards (O1, O3).</summary>
public sealed class OrganizationCardTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task A_name_is_enough_to_create_an_organization()
    {
        using var agent = await host.CreateAgentClientAsync();

        using var response = await agent.PostAsJsonAsync("/api/v1/organizations", new { name = "  Acme Sp. z o.o. " });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/organizations/{id}", response.Headers.Location?.OriginalString);
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal("Acme Sp. z o.o.", body.GetProperty("name").GetString());
        Assert.Empty(body.GetProperty("domains").EnumerateArray());
        Assert.False(body.GetProperty("isVip").GetBoolean());
        Assert.False(body.GetProperty("automatic").GetBoolean());
        Assert.EndsWith("Z", body.GetProperty("createdAt").GetString(), StringComparison.Ordinal);

        using var read = await agent.GetAsync($"/api/v1/organizations/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(response.Headers.ETag, read.Headers.ETag);
        Assert.Equal("Acme Sp. z o.o.", (await read.JsonAsync()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Every_field_of_the_card_is_stored_and_shown()
    {
        using var agent = await host.CreateAgentClientAsync();
        using var admin = await host.CreateAdminClientAsync();
        var owner = await Desk.CreateAgentAsync(admin, "Owner");
        await Desk.DefineCardDetailsAsync(admin);
        var domain = Desk.NewDomain();

        var body = await Desk.CreateOrganizationAsync(agent, new
        {
            name = "Acme",
            domains = new[] { domain.ToUpperInvariant(), "@second-" + domain },
            note = "Pays late",
            ownerAgentId = owner,
            isVip = true,
            customerType = "partner",
            sites = new[] { "acme.pl", "https://shop.acme.pl/" },
            phones = new[] { new { number = "+48 22 123 45 67", type = "work" }, new { number = "22 765 43 21", type = "fax" } },
            address = new { type = "work", lines = new[] { "ul. Prosta 1" }, city = "Warszawa", postalCode = "00-001", country = "PL" },
            customFields = new { plan = "gold", seats = 40 },
        });

        using var read = await agent.GetAsync($"/api/v1/organizations/{body.GetProperty("id").GetGuid()}");
        var card = await read.JsonAsync();
        Assert.Equal(new[] { domain, "second-" + domain }.Order(), card.GetProperty("domains").Strings());
        Assert.Equal("Pays late", card.GetProperty("note").GetString());
        Assert.Equal(owner, card.GetProperty("ownerAgentId").GetGuid());
        Assert.True(card.GetProperty("isVip").GetBoolean());
        Assert.Equal("partner", card.GetProperty("customerType").GetString());
        Assert.Equal(new[] { "https://acme.pl", "https://shop.acme.pl/" }, card.GetProperty("sites").Strings());
        Assert.Equal("fax", card.GetProperty("phones")[1].GetProperty("type").GetString());
        Assert.Equal("+48 22 123 45 67", card.GetProperty("phones")[0].GetProperty("number").GetString());
        Assert.Equal("Warszawa", card.GetProperty("address").GetProperty("city").GetString());
        Assert.Equal("ul. Prosta 1", card.GetProperty("address").GetProperty("lines")[0].GetString());
        Assert.Equal(40, card.GetProperty("customFields").GetProperty("seats").GetInt32());
    }

    [Fact]
    public async Task Bad_fields_are_named_in_a_400()
    {
        using var agent = await host.CreateAgentClientAsync();

        using var response = await agent.PostAsJsonAsync("/api/v1/organizations", new
        {
            name = "",
            domains = new[] { "ok.test", "not a domain" },
            ownerAgentId = Guid.NewGuid(),
            sites = new[] { "javascript:alert(1)" },
            phones = new[] { new { number = "call me", type = "work" } },
            isVip = "yes",
        });

        await response.AssertProblemAsync(400, "validation-error");
        Assert.Equivalent(
            new[] { "name", "domains[1]", "sites[0]", "phones[0].number", "isVip" }, await response.ValidationFieldsAsync());
    }

    [Fact]
    public async Task Custom_fields_and_customer_types_must_be_defined_by_an_admin_first()
    {
        using var agent = await host.CreateAgentClientAsync();
        using (var admin = await host.CreateAdminClientAsync())
        {
            await Desk.DefineCardDetailsAsync(admin);
        }

        using var response = await agent.PostAsJsonAsync("/api/v1/organizations", new
        {
            name = "Acme", customerType = "alien", customFields = new { seats = "many", undefinedField = "x", plan = "ok" },
        });

        await response.AssertProblemAsync(400, "validation-error");
        Assert.Equivalent(new[] { "customerType", "customFields.seats", "customFields.undefinedField" }, await response.ValidationFieldsAsync());
    }

    [Fact]
    public async Task An_owner_who_is_no_agent_is_refused()
    {
        using var agent = await host.CreateAgentClientAsync();

        using var response = await agent.PostAsJsonAsync("/api/v1/organizations", new { name = "Acme", ownerAgentId = Guid.NewGuid() });

        await response.AssertProblemAsync(400, "validation-error");
        Assert.Equal(["ownerAgentId"], await response.ValidationFieldsAsync());
    }

    [Fact]
    public async Task A_domain_belongs_to_one_organization_and_the_conflict_names_its_owner()
    {
        using var agent = await host.CreateAgentClientAsync();
        var domain = Desk.NewDomain();
        var owner = await Desk.CreateOrganizationAsync(agent, new { name = "First Owner", domains = new[] { domain } });
        var other = await Desk.CreateOrganizationAsync(agent, new { name = "Other" });

        using var created = await agent.PostAsJsonAsync("/api/v1/organizations", new { name = "Copycat", domains = new[] { domain.ToUpperInvariant() } });
        using var patched = await agent.PatchJsonAsync($"/api/v1/organizations/{other.GetProperty("id").GetGuid()}", new { domains = new[] { domain } });

        foreach (var response in new[] { created, patched })
        {
            var problem = await response.AssertProblemAsync(409, "domain-conflict");
            Assert.Equal(owner.GetProperty("id").GetGuid(), problem.GetProperty("conflictingOrganizationId").GetGuid());
            Assert.Contains("First Owner", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal(domain, problem.GetProperty("domain").GetString());
        }

        using var list = await agent.GetAsync($"/api/v1/organizations?q={domain}");
        Assert.Single((await list.JsonAsync()).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Two_organizations_claiming_one_domain_at_once_get_one_201_and_one_409()
    {
        using var agent = await host.CreateAgentClientAsync();
        var domain = Desk.NewDomain();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            agent.PostAsJsonAsync("/api/v1/organizations", new { name = $"Racer {i}", domains = new[] { domain } })));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_free_mail_domain_cannot_be_an_organizations_domain()
    {
        using var agent = await host.CreateAgentClientAsync();

        using var response = await agent.PostAsJsonAsync("/api/v1/organizations", new { name = "Gmail users", domains = new[] { "example.test", "GMAIL.com" } });

        var problem = await response.AssertProblemAsync(400, "validation-error");
        Assert.Equal(["domains[1]"], await response.ValidationFieldsAsync());
        Assert.Contains("free-mail", problem.GetProperty("errors").GetProperty("domains[1]")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_merge_patch_changes_only_what_it_names_and_null_clears()
    {
        using var agent = await host.CreateAgentClientAsync();
        using (var admin = await host.CreateAdminClientAsync())
        {
            await Desk.DefineCardDetailsAsync(admin);
        }

        var created = await Desk.CreateOrganizationAsync(agent, new
        {
            name = "Acme", note = "Old note", isVip = true, customFields = new { plan = "gold", region = "eu" },
            address = new { city = "Kraków", country = "PL" },
        });
        var id = created.GetProperty("id").GetGuid();

        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/organizations/{id}")
        {
            Content = new StringContent(
                """{ "note": null, "name": "Acme Group", "customFields": { "region": null, "seats": 5 }, "address": { "city": "Warszawa" } }""",
                Encoding.UTF8,
                "application/merge-patch+json"),
        };
        using var response = await agent.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var card = await response.JsonAsync();
        Assert.Equal("Acme Group", card.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, card.GetProperty("note").ValueKind);
        Assert.True(card.GetProperty("isVip").GetBoolean());
        Assert.Equal("gold", card.GetProperty("customFields").GetProperty("plan").GetString());
        Assert.False(card.GetProperty("customFields").TryGetProperty("region", out _));
        Assert.Equal(5, card.GetProperty("customFields").GetProperty("seats").GetInt32());
        Assert.Equal("Warszawa", card.GetProperty("address").GetProperty("city").GetString());
        Assert.Equal("PL", card.GetProperty("address").GetProperty("country").GetString());
    }

    [Fact]
    public async Task A_patch_with_a_stale_etag_is_a_412_and_changes_nothing()
    {
        using var agent = await host.CreateAgentClientAsync();
        var id = (await Desk.CreateOrganizationAsync(agent, new { name = "Acme" })).GetProperty("id").GetGuid();
        using var read = await agent.GetAsync($"/api/v1/organizations/{id}");
        var etag = read.Headers.ETag!.Tag;
        using var first = await Patch(agent, id, new { name = "First" }, etag);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var second = await Patch(agent, id, new { name = "Second" }, etag);

        await second.AssertProblemAsync(412, "stale-version");
        using var after = await agent.GetAsync($"/api/v1/organizations/{id}");
        Assert.Equal("First", (await after.JsonAsync()).GetProperty("name").GetString());
        using var third = await Patch(agent, id, new { name = "Third" }, first.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task Search_finds_names_with_typos_and_without_accents_and_by_domain()
    {
        using var agent = await host.CreateAgentClientAsync();
        var unique = Guid.NewGuid().ToString("N")[..6];
        var domain = Desk.NewDomain("zolw");
        var target = await Desk.CreateOrganizationAsync(agent, new { name = $"Żółw Logistyka {unique}", domains = new[] { domain } });
        await Desk.CreateOrganizationAsync(agent, new { name = $"Unrelated {Guid.NewGuid():N}" });
        var id = target.GetProperty("id").GetGuid();

        foreach (var query in new[] { $"zolw logistyka {unique}", $"Logistyca {unique}", unique, domain })
        {
            using var response = await agent.GetAsync($"/api/v1/organizations?q={Uri.EscapeDataString(query)}");
            var items = (await response.JsonAsync()).GetProperty("items");
            Assert.True(items.GetArrayLength() > 0, $"nothing found for '{query}'");
            Assert.Equal(id, items[0].GetProperty("id").GetGuid());
        }
    }

    [Fact]
    public async Task Organizations_are_listed_in_pages_with_a_cursor()
    {
        using var agent = await host.CreateAgentClientAsync();
        await Desk.CreateOrganizationAsync(agent, new { name = "Page One" });
        await Desk.CreateOrganizationAsync(agent, new { name = "Page Two" });

        using var first = await agent.GetAsync("/api/v1/organizations?limit=1");
        var firstBody = await first.JsonAsync();
        using var second = await agent.GetAsync($"/api/v1/organizations?limit=1&cursor={firstBody.GetProperty("nextCursor").GetString()}");
        var secondBody = await second.JsonAsync();

        Assert.NotEqual(
            firstBody.GetProperty("items")[0].GetProperty("id").GetGuid(),
            secondBody.GetProperty("items")[0].GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Changes_are_published_for_the_change_history()
    {
        using var agent = await host.CreateAgentClientAsync();
        var domain = Desk.NewDomain();
        var id = (await Desk.CreateOrganizationAsync(agent, new { name = "Before" })).GetProperty("id").GetGuid();
        using var patched = await agent.PatchJsonAsync($"/api/v1/organizations/{id}", new { name = "After", domains = new[] { domain } });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);

        await using var connection = await host.Database.OpenConnectionAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT event_type, payload::text FROM organizations.outbox_messages WHERE payload->>'OrganizationId' = @id OR payload->>'organizationId' = @id ORDER BY occurred_at", connection);
        command.Parameters.AddWithValue("id", id.ToString());
        var events = new List<(string Type, string Payload)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                events.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        Assert.Contains(events, e => e.Type.Contains("OrganizationCreated", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Type.Contains("OrganizationRenamed", StringComparison.Ordinal) && e.Payload.Contains("After", StringComparison.Ordinal));
        var fieldChange = events.Single(e => e.Type.Contains("OrganizationCardChanged", StringComparison.Ordinal) && e.Payload.Contains("fieldChanged", StringComparison.Ordinal));
        Assert.Contains("Before", fieldChange.Payload, StringComparison.Ordinal);
        Assert.Contains(events, e => e.Payload.Contains("domainAdded", StringComparison.Ordinal) && e.Payload.Contains(domain, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Anonymous_callers_get_401()
    {
        using var anonymous = host.CreateClient();

        using var response = await anonymous.GetAsync("/api/v1/organizations");

        await response.AssertProblemAsync(401);
    }

    private static Task<HttpResponseMessage> Patch(HttpClient client, Guid id, object body, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/organizations/{id}") { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
        return client.SendAsync(request);
    }
}
