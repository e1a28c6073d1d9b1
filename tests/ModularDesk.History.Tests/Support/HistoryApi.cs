using System.Net;
using System.Text.Json;
using ModularDesk.Testing;

namespace ModularDesk.History.Tests.Support;

/// <summary>Reading History's lists as the web UI does.</summary>
internal static class HistoryApi
{
    public static async Task<List<JsonElement>> TimelineAsync(this HttpClient client, Guid clientId, string query = "") =>
        await AllPagesAsync(client, $"/api/v1/clients/{clientId}/timeline?limit=200{query}");

    public static async Task<List<JsonElement>> OrganizationTimelineAsync(this HttpClient client, Guid organizationId) =>
        await AllPagesAsync(client, $"/api/v1/organizations/{organizationId}/timeline?limit=200");

    public static async Task<(List<JsonElement> Items, string? Next)> PageAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        var next = body.GetProperty("nextCursor");
        return (body.GetProperty("items").EnumerateArray().ToList(), next.ValueKind == JsonValueKind.Null ? null : next.GetString());
    }

    public static async Task<List<JsonElement>> AllPagesAsync(HttpClient client, string url)
    {
        var all = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var (items, next) = await client.PageAsync(cursor is null ? url : $"{url}&cursor={Uri.EscapeDataString(cursor)}");
            all.AddRange(items);
            cursor = next;
        }
        while (cursor is not null);

        return all;
    }

    public static string? Str(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.ToString() : null;

    public static Guid Id(this JsonElement e) => e.GetProperty("id").GetGuid();
}
