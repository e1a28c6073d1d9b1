using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModularDesk.Clients.Contracts.CustomerTypes;
using ModularDesk.Clients.Contracts.CustomFields;
using ModularDesk.Testing;

namespace ModularDesk.Clients.Tests.CustomFields;

/// <summary>An admin defining custom fields and customer types; agents reading them; other modules validating values.</summary>
public sealed class CustomFieldTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task An_admin_defines_a_select_field_and_every_agent_lists_it()
    {
        using var admin = await host.CreateAdminClientAsync();
        var key = Key("plan");

        using var created = await admin.PostAsJsonAsync("/api/v1/custom-fields",
            new { entity = "client", key, label = "Plan", type = "select", options = new[] { "gold", "silver" } });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        Assert.Equal(key, body.GetProperty("key").GetString());
        Assert.Equal(["gold", "silver"], body.GetProperty("options").EnumerateArray().Select(o => o.GetString()!).ToArray());
        using var agent = await host.CreateAgentClientAsync();
        using var list = await agent.GetAsync("/api/v1/custom-fields?entity=client");
        var listed = (await list.JsonAsync()).GetProperty("items").EnumerateArray().Single(f => f.GetProperty("key").GetString() == key);
        Assert.Equal("select", listed.GetProperty("type").GetString());
    }

    [Fact]
    public async Task An_agent_cannot_define_custom_fields_field_groups_or_customer_types()
    {
        using var agent = await host.CreateAgentClientAsync();

        using var field = await agent.PostAsJsonAsync("/api/v1/custom-fields", new { entity = "client", key = Key("x"), label = "X", type = "text" });
        using var group = await agent.PostAsJsonAsync("/api/v1/field-groups",
            new { key = Key("orders"), label = "Orders", fields = new[] { new { key = "product", label = "Product", type = "text" } } });
        using var type = await agent.PostAsJsonAsync("/api/v1/customer-types", new { name = "Partner" });
        using var panel = await agent.PutAsJsonAsync("/api/v1/settings/client-panel", new { properties = new[] { "name" } });

        Assert.Equal(HttpStatusCode.Forbidden, field.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, group.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, type.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, panel.StatusCode);
        using var anonymous = host.CreateClient();
        using var list = await anonymous.GetAsync("/api/v1/custom-fields");
        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
    }

    [Fact]
    public async Task A_bad_definition_names_each_bad_field()
    {
        using var admin = await host.CreateAdminClientAsync();

        using var response = await admin.PostAsJsonAsync("/api/v1/custom-fields",
            new { entity = "ticket", key = "9 lives", label = "", type = "select", options = new[] { "a", "a" } });

        await response.AssertProblemAsync(400, "validation-error");
        Assert.Equal(["entity", "key", "label", "options[1]"], (await response.ValidationFieldsAsync()).Order().ToArray());
    }

    [Fact]
    public async Task The_same_key_twice_for_one_entity_is_a_409_but_the_other_entity_may_use_it()
    {
        using var admin = await host.CreateAdminClientAsync();
        var key = Key("tier");
        using var first = await admin.PostAsJsonAsync("/api/v1/custom-fields", new { entity = "client", key, label = "Tier", type = "number" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        using var again = await admin.PostAsJsonAsync("/api/v1/custom-fields", new { entity = "client", key, label = "Tier", type = "text" });
        using var organization = await admin.PostAsJsonAsync("/api/v1/custom-fields", new { entity = "organization", key, label = "Tier", type = "text" });

        await again.AssertProblemAsync(409, "custom-field-conflict");
        Assert.Equal(HttpStatusCode.Created, organization.StatusCode);
    }

    [Fact]
    public async Task The_contract_validator_names_every_field_with_a_wrong_value()
    {
        using var admin = await host.CreateAdminClientAsync();
        var (text, number, date, flag, select, multi) = (Key("t"), Key("n"), Key("d"), Key("b"), Key("s"), Key("m"));
        await DefineAsync(admin, "organization", text, "text");
        await DefineAsync(admin, "organization", number, "number");
        await DefineAsync(admin, "organization", date, "date");
        await DefineAsync(admin, "organization", flag, "boolean");
        await DefineAsync(admin, "organization", select, "select", "a", "b");
        await DefineAsync(admin, "organization", multi, "multiselect", "x", "y");
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var validator = scope.ServiceProvider.GetRequiredService<ICustomFieldValidator>();

        var good = await validator.ValidateAsync("organization", Json(
            $$"""{"{{text}}":"hi","{{number}}":12.5,"{{date}}":"2026-11-25","{{flag}}":true,"{{select}}":"a","{{multi}}":["x","y"]}"""));
        var bad = await validator.ValidateAsync("organization", Json(
            $$"""{"{{text}}":5,"{{number}}":"12","{{date}}":"25.11.2026","{{flag}}":"yes","{{select}}":"c","{{multi}}":["x","x"],"unknown":1}"""));
        var cleared = await validator.ValidateAsync("organization", Json($$"""{"{{number}}":null}"""));
        var client = await validator.ValidateAsync("client", Json($$"""{"{{number}}":1}"""));

        Assert.Empty(good);
        Assert.Empty(cleared);
        Assert.Equal(
            new[] { text, number, date, flag, select, multi, "unknown" }.Select(k => "customFields." + k).Order(),
            bad.Keys.Order());
        Assert.Contains("number", bad[$"customFields.{number}"].Single(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal([$"customFields.{number}"], client.Keys);
    }

    [Fact]
    public async Task Customer_types_are_unique_ignoring_case_and_the_contract_finds_them()
    {
        using var admin = await host.CreateAdminClientAsync();
        var name = $"Partner {Guid.NewGuid():N}";

        using var created = await admin.PostAsJsonAsync("/api/v1/customer-types", new { name });
        using var again = await admin.PostAsJsonAsync("/api/v1/customer-types", new { name = name.ToUpperInvariant() });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await again.AssertProblemAsync(409, "customer-type-conflict");
        using var agent = await host.CreateAgentClientAsync();
        using var list = await agent.GetAsync("/api/v1/customer-types");
        Assert.Contains((await list.JsonAsync()).GetProperty("items").EnumerateArray(), t => t.GetProperty("name").GetString() == name);
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<ICustomerTypeCatalog>();
        Assert.True(await catalog.ExistsAsync(name.ToLowerInvariant()));
        Assert.False(await catalog.ExistsAsync("No such type"));
    }

    [Fact]
    public async Task The_details_panel_shows_what_the_admin_chose_in_that_order()
    {
        using var admin = await host.CreateAdminClientAsync();
        var plan = Key("panelplan");
        await DefineAsync(admin, "client", plan, "text");
        var orders = Key("panelorders");
        using var group = await admin.PostAsJsonAsync("/api/v1/field-groups",
            new { key = orders, label = "Orders", fields = new[] { new { key = "product", label = "Product", type = "text" } } });
        Assert.Equal(HttpStatusCode.Created, group.StatusCode);

        using var put = await admin.PutAsJsonAsync("/api/v1/settings/client-panel",
            new { properties = new[] { $"customFields.{plan}", "name", $"fieldGroups.{orders}", "emails" } });
        using var bad = await admin.PutAsJsonAsync("/api/v1/settings/client-panel",
            new { properties = new[] { "name", "password", "name" } });

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        await bad.AssertProblemAsync(400, "validation-error");
        Assert.Equal(["properties[1]", "properties[2]"], await bad.ValidationFieldsAsync());
        using var agent = await host.CreateAgentClientAsync();
        using var get = await agent.GetAsync("/api/v1/settings/client-panel");
        var body = await get.JsonAsync();
        Assert.Equal(
            [$"customFields.{plan}", "name", $"fieldGroups.{orders}", "emails"],
            body.GetProperty("properties").EnumerateArray().Select(p => p.GetString()!).ToArray());
        Assert.Contains(body.GetProperty("available").EnumerateArray(), p => p.GetString() == "phones");
    }

    [Fact]
    public async Task A_field_group_with_bad_fields_names_them_by_position()
    {
        using var admin = await host.CreateAdminClientAsync();

        using var response = await admin.PostAsJsonAsync("/api/v1/field-groups", new
        {
            key = Key("g"),
            label = "Orders",
            fields = new object[]
            {
                new { key = "product", label = "Product", type = "text" },
                new { key = "product", label = "Again", type = "colour" },
                new { key = "size", label = "Size", type = "select" },
            },
        });

        await response.AssertProblemAsync(400, "validation-error");
        Assert.Equal(["fields[1].key", "fields[1].type", "fields[2].options"], (await response.ValidationFieldsAsync()).Order().ToArray());
    }

    internal static string Key(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 64)];

    internal static async Task DefineAsync(HttpClient admin, string entity, string key, string type, params string[] options)
    {
        using var response = await admin.PostAsJsonAsync("/api/v1/custom-fields",
            new { entity, key, label = key, type, options = options.Length == 0 ? null : options });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;
}
