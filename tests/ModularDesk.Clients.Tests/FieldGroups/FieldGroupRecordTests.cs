using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ModularDesk.Clients.Tests.CustomFields;
using ModularDesk.Clients.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Clients.Tests.FieldGroups;

/// <summary>Repeating records of a special-field group ("Orders") on a card, and typed custom fields on the card itself.</summary>
public sealed class FieldGroupRecordTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task An_agent_adds_edits_and_removes_order_records_with_typed_values()
    {
        using var admin = await host.CreateAdminClientAsync();
        var key = await CreateOrdersGroupAsync(admin);
        using var agent = await host.CreateAgentClientAsync();
        var client = await ClientCards.CreateWithEmailAsync(agent, "Buyer");
        var records = $"/api/v1/clients/{client}/field-groups/{key}/records";

        using var added = await agent.PostAsJsonAsync(records, new { values = new { product = "Desk", date = "2026-11-20", amount = 199.5, size = "L" } });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var recordId = (await added.JsonAsync()).GetProperty("id").GetGuid();
        using var second = await agent.PostAsJsonAsync(records, new { values = new { product = "Chair", amount = 49 } });
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);

        using var edited = await agent.PatchJsonAsync($"{records}/{recordId}", new { values = new { amount = 180, size = (string?)null } });
        var values = (await edited.JsonAsync()).GetProperty("values");
        Assert.Equal(180, values.GetProperty("amount").GetDecimal());
        Assert.False(values.TryGetProperty("size", out _));
        Assert.Equal("Desk", values.GetProperty("product").GetString());

        using var removed = await agent.DeleteAsync($"{records}/{(await second.JsonAsync()).GetProperty("id").GetGuid()}");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        using var list = await agent.GetAsync(records);
        var items = (await list.JsonAsync()).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(recordId, Assert.Single(items).GetProperty("id").GetGuid());
        Assert.Equal(
            ["recordAdded", "recordAdded", "recordEdited", "recordRemoved"],
            (await ClientCards.ChangeKindsAsync(host.Database, client)).Where(k => k.StartsWith("record", StringComparison.Ordinal)).ToArray());
    }

    [Fact]
    public async Task Wrong_values_are_a_400_naming_each_field()
    {
        using var admin = await host.CreateAdminClientAsync();
        var key = await CreateOrdersGroupAsync(admin);
        using var agent = await host.CreateAgentClientAsync();
        var client = await ClientCards.CreateWithEmailAsync(agent, "Buyer Two");

        using var response = await agent.PostAsJsonAsync(
            $"/api/v1/clients/{client}/field-groups/{key}/records",
            new { values = new { amount = "a lot", date = "yesterday", size = "XXL", colour = "red" } });
        using var unknownGroup = await agent.GetAsync($"/api/v1/clients/{client}/field-groups/nope/records");
        using var unknownClient = await agent.GetAsync($"/api/v1/clients/{Guid.NewGuid()}/field-groups/{key}/records");

        await response.AssertProblemAsync(400, "validation-error");
        Assert.Equal(["values.amount", "values.colour", "values.date", "values.size"], (await response.ValidationFieldsAsync()).Order().ToArray());
        await unknownGroup.AssertProblemAsync(404, "not-found");
        await unknownClient.AssertProblemAsync(404, "not-found");
    }

    [Fact]
    public async Task A_card_custom_field_of_the_wrong_type_is_a_400_naming_the_field()
    {
        using var admin = await host.CreateAdminClientAsync();
        var plan = CustomFieldTests.Key("plan");
        var seats = CustomFieldTests.Key("seats");
        await CustomFieldTests.DefineAsync(admin, "client", plan, "select", "gold", "silver");
        await CustomFieldTests.DefineAsync(admin, "client", seats, "number");
        using var agent = await host.CreateAgentClientAsync();

        using var created = await agent.PostAsync("/api/v1/clients", JsonContent.Create(JsonDocument.Parse(
            $$$"""{"name":"Typed","customFields":{"{{{plan}}}":"platinum","{{{seats}}}":"ten","nope":1}}""").RootElement));
        var good = await ClientCards.CreateAsync(agent, JsonDocument.Parse($$$"""{"name":"Typed","customFields":{"{{{plan}}}":"gold","{{{seats}}}":10}}""").RootElement);
        using var patched = await agent.PatchAsync($"/api/v1/clients/{good}", JsonContent.Create(JsonDocument.Parse(
            $$$"""{"customFields":{"{{{seats}}}":true}}""").RootElement));

        await created.AssertProblemAsync(400, "validation-error");
        Assert.Equal(new[] { "customFields.nope", $"customFields.{plan}", $"customFields.{seats}" }.Order(), (await created.ValidationFieldsAsync()).Order());
        await patched.AssertProblemAsync(400, "validation-error");
        Assert.Equal([$"customFields.{seats}"], await patched.ValidationFieldsAsync());
        var card = await ClientCards.GetAsync(agent, good);
        Assert.Equal(10, card.GetProperty("customFields").GetProperty(seats).GetInt32());
    }

    private static async Task<string> CreateOrdersGroupAsync(HttpClient admin)
    {
        var key = CustomFieldTests.Key("orders");
        using var response = await admin.PostAsJsonAsync("/api/v1/field-groups", new
        {
            key,
            label = "Orders",
            fields = new object[]
            {
                new { key = "product", label = "Product", type = "text" },
                new { key = "date", label = "Date", type = "date" },
                new { key = "amount", label = "Amount", type = "number" },
                new { key = "size", label = "Size", type = "select", options = new[] { "S", "M", "L" } },
            },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return key;
    }
}
