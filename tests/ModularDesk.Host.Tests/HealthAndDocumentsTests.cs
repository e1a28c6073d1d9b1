using System.Net;
using System.Text.Json;
using ModularDesk.Testing;
using Xunit;

namespace ModularDesk.Host.Tests;

public sealed class HealthAndDocumentsTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task Live_and_ready_answer_200_without_a_token()
    {
        using var client = host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_api_and_its_bearer_scheme()
    {
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal("http", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_api_reference_page_is_served()
    {
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/api/docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("openapi/v1.json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_api_route_is_a_404_problem()
    {
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/api/v1/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.EndsWith("/not-found", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Times_in_answers_are_utc_with_a_z()
    {
        using var client = host.CreateClient();

        using var response = await client.PostAsync(
            "/api/v1/auth/login",
            new StringContent($"{{\"email\":\"{HostFixture.AdminEmail}\",\"password\":\"{HostFixture.AdminPassword}\"}}", System.Text.Encoding.UTF8, "application/json"));

        var expiresAt = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("expiresAt").GetString();
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$", expiresAt);
    }
}
