using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ModularDesk.Testing;

namespace ModularDesk.Clients.Tests.Support;

/// <summary>Creating and reading cards through the API as an agent would.</summary>
internal static class Clients
{
    public static string NewEmail(string prefix = "client") => $"{prefix}-{Guid.NewGuid():N}@example.test";

    /// <summary>A random, valid Polish mobile number in E.164.</summary>
    public static string NewPhone() => "+48 6" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<JsonElement> CreateAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/clients", body);
        var json = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {json}");
        return json;
    }

    public static async Task<Guid> CreateIdAsync(HttpClient client, object body) =>
        (await CreateAsync(client, body)).GetProperty("id").GetGuid();

    public static async Task<JsonElement> GetAsync(HttpClient client, Guid id)
    {
        using var response = await client.GetAsync($"/api/v1/clients/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }
}
