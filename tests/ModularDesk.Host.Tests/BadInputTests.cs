using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ModularDesk.Testing;
using Xunit;

namespace ModularDesk.Host.Tests;

/// <summary>Whatever a caller sends, the answer is a problem with the right status: never a 500, never a stack trace.</summary>
public sealed class BadInputTests(HostFixture host) : IClassFixture<HostFixture>
{
    public static TheoryData<string, string, string, int, string> Requests => new()
    {
        { "POST", "/api/v1/auth/login", "{\"email\": \"admin@localhost\", ", 400, "malformed-request" },
        { "POST", "/api/v1/auth/login", "{\"email\": 42, \"password\": []}", 400, "malformed-request" },
        { "POST", "/api/v1/inbound", "not json at all", 400, "malformed-request" },
        { "POST", "/api/v1/inbound", "{\"channelId\": \"not-a-uuid\", \"externalMessageId\": \"x\", \"from\": {\"kind\": \"email\", \"value\": \"a@b.c\"}}", 400, "" },
        { "POST", "/api/v1/inbound", "{\"channelId\": \"00000000-0000-0000-0000-000000000001\", \"externalMessageId\": [1,2], \"from\": null}", 400, "" },
        { "POST", "/api/v1/channels", "{\"pluginId\": {\"nested\": true}}", 400, "" },
        { "GET", "/api/v1/inbound/not-a-guid", "", 404, "" },
        { "GET", "/api/v1/channels/12345", "", 404, "" },
        { "GET", "/api/v1/agents/definitely-not-an-id", "", 404, "" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Bad_requests_get_a_problem_with_the_right_status(string method, string path, string body, int status, string slug)
    {
        using var admin = await host.CreateAdminClientAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body.Length > 0)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await admin.SendAsync(request);

        await AssertProblemAsync(response, status, slug);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413()
    {
        using var client = host.CreateClient();
        var huge = "{\"email\": \"" + new string('a', 2 * 1024 * 1024) + "\", \"password\": \"x\"}";

        using var response = await client.PostAsync("/api/v1/auth/login", new StringContent(huge, Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, 413, "payload-too-large");
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_refused_too()
    {
        using var admin = await host.CreateAdminClientAsync();
        var huge = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"text\": \"" + new string('a', 30 * 1024 * 1024) + "\"}")));
        huge.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/inbound") { Content = huge };
        request.Headers.TransferEncodingChunked = true;

        using var response = await admin.SendAsync(request);

        await AssertProblemAsync(response, 413, "payload-too-large");
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, int status, string slug)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.StartsWith("/problems/", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        if (slug.Length > 0)
        {
            Assert.EndsWith("/" + slug, problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        }

        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
    }
}
