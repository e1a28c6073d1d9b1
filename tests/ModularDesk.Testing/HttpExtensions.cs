using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

using Xunit;

namespace ModularDesk.Testing;

/// <summary>What API tests do with responses: read JSON, send raw JSON, assert problem details.</summary>
public static class HttpExtensions
{
    /// <summary>The body as JSON; reads the buffered content, so it may be called more than once.</summary>
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, string json) =>
        client.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string url, object body) =>
        client.PatchAsync(url, JsonContent.Create(body));

    /// <summary>The field names of a 400 validation problem's <c>errors</c>.</summary>
    public static async Task<IReadOnlyList<string>> ValidationFieldsAsync(this HttpResponseMessage response)
    {
        var body = await response.JsonAsync();
        return body.TryGetProperty("errors", out var errors)
            ? errors.EnumerateObject().Select(e => e.Name).ToList()
            : [];
    }

    /// <summary>Asserts an RFC 9457 answer with this status whose type ends in <paramref name="slug"/>.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, int status, string slug)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.JsonAsync();
        Assert.Equal(status, body.GetProperty("status").GetInt32());
        Assert.Equal("/problems/" + slug, body.GetProperty("type").GetString());
        return body;
    }

    /// <summary>Asserts an RFC 9457 answer with this status and a <c>/problems/…</c> type.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, int status)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.JsonAsync();
        Assert.Equal(status, body.GetProperty("status").GetInt32());
        Assert.StartsWith("/problems/", body.GetProperty("type").GetString(), StringComparison.Ordinal);
        return body;
    }
}
