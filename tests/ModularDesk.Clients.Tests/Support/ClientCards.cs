using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ModularDesk.Testing;

namespace ModularDesk.Clients.Tests.Support;

/// <summary>Cards through the API, and the outbox rows a change left behind.</summary>
internal static class ClientCards
{
    public static string Email(string prefix = "card") => $"{prefix}-{Guid.NewGuid():N}@example.test";

    public static async Task<Guid> CreateAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/clients", body);
        var json = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {json}");
        return json.GetProperty("id").GetGuid();
    }

    /// <summary>An admin defines a text custom field of clients (a second definition of the same key is fine).</summary>
    public static async Task DefineTextFieldAsync(HostFixture host, string key)
    {
        using var admin = await host.CreateAdminClientAsync();
        using var response = await admin.PostAsJsonAsync("/api/v1/custom-fields", new { entity = "client", key, label = key, type = "text" });
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"{(int)response.StatusCode}");
    }

    /// <summary>An admin adds a customer type (O8); one that exists already is fine.</summary>
    public static async Task DefineCustomerTypeAsync(HostFixture host, string name)
    {
        using var admin = await host.CreateAdminClientAsync();
        using var response = await admin.PostAsJsonAsync("/api/v1/customer-types", new { name });
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"{(int)response.StatusCode}");
    }

    public static async Task<Guid> CreateWithEmailAsync(HttpClient client, string name) =>
        await CreateAsync(client, new { name, emails = new[] { new { address = Email(), label = "business" } } });

    public static async Task<string> GetRawAsync(HttpClient client, Guid id)
    {
        using var response = await client.GetAsync($"/api/v1/clients/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, Guid id) =>
        JsonDocument.Parse(await GetRawAsync(client, id)).RootElement;

    /// <summary>The kinds of <c>ClientCardChanged</c> the card's outbox holds, oldest first.</summary>
    public static async Task<IReadOnlyList<string>> ChangeKindsAsync(TestDatabase database, Guid clientId)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            """
            SELECT payload->>'Kind', payload->>'kind' FROM clients.outbox_messages
            WHERE event_type LIKE '%ClientCardChanged%' AND (payload->>'ClientId' = @id OR payload->>'clientId' = @id)
            ORDER BY occurred_at, id
            """, connection);
        command.Parameters.AddWithValue("id", clientId.ToString());
        var kinds = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            kinds.Add(reader.IsDBNull(0) ? reader.GetString(1) : reader.GetString(0));
        }

        return kinds;
    }
}
