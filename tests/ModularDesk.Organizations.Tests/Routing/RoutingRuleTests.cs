using System.Net;
using System.Net.Http.Json;
using ModularDesk.Organizations.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Organizations.Tests.Routing;

/// <summary>An admin writing routing rules (O6, O7) through <c>/api/v1/routing-rules</c>.</summary>
public sealed class RoutingRuleTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task An_admin_creates_reads_changes_and_deletes_a_rule()
    {
        using var admin = await host.CreateAdminClientAsync();
        var anna = await Desk.CreateAgentAsync(admin, "Anna");
        var organization = (await Desk.CreateOrganizationAsync(admin, new { name = "Acme" })).GetProperty("id").GetGuid();

        using var created = await admin.PostAsJsonAsync("/api/v1/routing-rules", new
        {
            name = "Acme to Anna", order = 10, enabled = true, stopProcessing = true, organizationId = organization,
            conditions = new object[] { new { field = "isVip", op = "eq", value = true }, new { field = "subject", op = "contains", value = "invoice" } },
            actions = new object[] { new { type = "assignAgent", value = anna.ToString() }, new { type = "setPriority", value = "high" } },
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var rule = await created.JsonAsync();
        var id = rule.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/routing-rules/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal(organization, rule.GetProperty("organizationId").GetGuid());
        Assert.Equal("invoice", rule.GetProperty("conditions")[1].GetProperty("value").GetString());
        Assert.Equal("assignAgent", rule.GetProperty("actions")[0].GetProperty("type").GetString());

        using var patched = await admin.PatchJsonAsync($"/api/v1/routing-rules/{id}", new { enabled = false, order = 20 });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var changed = await patched.JsonAsync();
        Assert.False(changed.GetProperty("enabled").GetBoolean());
        Assert.Equal(20, changed.GetProperty("order").GetInt32());
        Assert.Equal("Acme to Anna", changed.GetProperty("name").GetString());
        Assert.Equal(2, changed.GetProperty("conditions").GetArrayLength());

        using var listed = await admin.GetAsync($"/api/v1/routing-rules?organizationId={organization}");
        Assert.Contains((await listed.JsonAsync()).GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetGuid() == id);

        using var deleted = await admin.DeleteAsync($"/api/v1/routing-rules/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await admin.GetAsync($"/api/v1/routing-rules/{id}");
        await gone.AssertProblemAsync(404, "not-found");
    }

    public static TheoryData<string, string> BadDefinitions => new()
    {
        { """{ "name": "x", "conditions": [ { "field": "isVip", "op": "eq", "value": true }, { "field": "subject", "op": "startsWith", "value": "a" } ], "actions": [ { "type": "addTag", "value": "a" } ] }""", "conditions[1].op" },
        { """{ "name": "x", "conditions": [ { "field": "weather", "op": "eq", "value": "sunny" } ], "actions": [ { "type": "addTag", "value": "a" } ] }""", "conditions[0].field" },
        { """{ "name": "x", "conditions": [ { "field": "isVip", "op": "eq", "value": "yes" } ], "actions": [ { "type": "addTag", "value": "a" } ] }""", "conditions[0].value" },
        { """{ "name": "x", "conditions": [ { "field": "language", "op": "in", "value": [] } ], "actions": [ { "type": "addTag", "value": "a" } ] }""", "conditions[0].value" },
        { """{ "name": "x", "conditions": [ { "field": "workingHours", "op": "eq", "value": "9-17" } ], "actions": [ { "type": "addTag", "value": "a" } ] }""", "conditions[0].value" },
        { """{ "name": "x", "actions": [ { "type": "addTag", "value": "a" }, { "type": "teleport", "value": "x" } ] }""", "actions[1].type" },
        { """{ "name": "x", "actions": [ { "type": "setPriority", "value": "whenever" } ] }""", "actions[0].value" },
        { """{ "name": "x", "actions": [ { "type": "setStatus", "value": "archived" } ] }""", "actions[0].value" },
        { """{ "name": "x", "actions": [ { "type": "assignAgent", "value": "not-an-id" } ] }""", "actions[0].value" },
        { """{ "name": "x", "actions": [ { "type": "assignAgent", "value": "0b0d1f64-1111-4222-8333-944455556666" } ] }""", "actions[0].value" },
        { """{ "name": "x", "actions": [ { "type": "roundRobin", "value": "0b0d1f64-1111-4222-8333-944455556666" } ] }""", "actions[0].value" },
        { """{ "name": "x", "actions": [] }""", "actions" },
        { """{ "actions": [ { "type": "addTag", "value": "a" } ] }""", "name" },
        { """{ "name": "x", "order": "first", "actions": [ { "type": "addTag", "value": "a" } ] }""", "order" },
        { """{ "name": "x", "organizationId": "0b0d1f64-1111-4222-8333-944455556666", "actions": [ { "type": "addTag", "value": "a" } ] }""", "organizationId" },
    };

    [Theory]
    [MemberData(nameof(BadDefinitions))]
    public async Task A_bad_definition_is_a_400_naming_the_field(string body, string field)
    {
        using var admin = await host.CreateAdminClientAsync();

        using var response = await admin.PostJsonAsync("/api/v1/routing-rules", body);

        await response.AssertProblemAsync(400, "validation-error");
        Assert.Equal([field], await response.ValidationFieldsAsync());
    }

    [Fact]
    public async Task A_patch_that_breaks_a_rule_is_a_400_and_the_rule_stays_as_it_was()
    {
        using var admin = await host.CreateAdminClientAsync();
        var id = await Desk.CreateRuleAsync(admin, new { name = "Tagger", actions = new[] { new { type = "addTag", value = "keep" } } });

        using var response = await admin.PatchJsonAsync(
            $"/api/v1/routing-rules/{id}", new { conditions = new[] { new { field = "language", op = "contains", value = "pl" } } });

        await response.AssertProblemAsync(400, "validation-error");
        Assert.Equal(["conditions[0].op"], await response.ValidationFieldsAsync());
        using var read = await admin.GetAsync($"/api/v1/routing-rules/{id}");
        Assert.Equal(0, (await read.JsonAsync()).GetProperty("conditions").GetArrayLength());
    }

    [Fact]
    public async Task Agents_may_not_read_or_write_rules()
    {
        using var agent = await host.CreateAgentClientAsync();

        using var list = await agent.GetAsync("/api/v1/routing-rules");
        using var create = await agent.PostAsJsonAsync("/api/v1/routing-rules", new { name = "x", actions = new[] { new { type = "addTag", value = "a" } } });

        await list.AssertProblemAsync(403);
        await create.AssertProblemAsync(403);
    }

    [Fact]
    public async Task Deleting_an_organization_deletes_its_rules()
    {
        using var admin = await host.CreateAdminClientAsync();
        var organization = (await Desk.CreateOrganizationAsync(admin, new { name = "Short-lived" })).GetProperty("id").GetGuid();
        var rule = await Desk.CreateRuleAsync(admin, new { name = "Its rule", organizationId = organization, actions = new[] { new { type = "addTag", value = "a" } } });

        // Organization deletion asks the Clients module to detach its people.
        using var deleted = await admin.DeleteAsync($"/api/v1/organizations/{organization}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        using var read = await admin.GetAsync($"/api/v1/routing-rules/{rule}");
        await read.AssertProblemAsync(404, "not-found");
    }

    [Fact]
    public async Task Rules_list_in_run_order_organization_rules_first()
    {
        using var admin = await host.CreateAdminClientAsync();
        var organization = (await Desk.CreateOrganizationAsync(admin, new { name = "Ordered" })).GetProperty("id").GetGuid();
        var desk = await Desk.CreateRuleAsync(admin, new { name = "Desk first by order", order = -1000, actions = new[] { new { type = "addTag", value = "a" } } });
        var late = await Desk.CreateRuleAsync(admin, new { name = "Org late", order = 50, organizationId = organization, actions = new[] { new { type = "addTag", value = "b" } } });
        var early = await Desk.CreateRuleAsync(admin, new { name = "Org early", order = 5, organizationId = organization, actions = new[] { new { type = "addTag", value = "c" } } });

        using var response = await admin.GetAsync($"/api/v1/routing-rules?organizationId={organization}&limit=200");

        var ids = (await response.JsonAsync()).GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ToList();
        Assert.True(ids.IndexOf(early) < ids.IndexOf(late));
        Assert.True(ids.IndexOf(late) < ids.IndexOf(desk));
    }
}
