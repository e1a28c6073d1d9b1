using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ModularDesk.Agents.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Agents.Tests.SignIn;

/// <summary>Signing in and out as an agent does it, and what a caller without a valid token sees.</summary>
public sealed class SignInTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task The_first_admin_signs_in_with_the_configured_password_and_gets_a_twelve_hour_session()
    {
        using var client = host.CreateClient();

        using var response = await client.PostAsJsonAsync(
            "/api/v1/auth/login", new { email = HostFixture.AdminEmail, password = HostFixture.AdminPassword });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.StartsWith("mdk_", body.GetProperty("token").GetString());
        var expiresAt = body.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt, DateTimeOffset.UtcNow.AddHours(11), DateTimeOffset.UtcNow.AddHours(13));
        var agent = body.GetProperty("agent");
        Assert.Equal(HostFixture.AdminEmail, agent.GetProperty("email").GetString());
        Assert.Equal("admin", agent.GetProperty("role").GetString());
        Assert.NotEqual(Guid.Empty, agent.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Sign_in_ignores_the_case_and_surrounding_spaces_of_the_email()
    {
        using var client = host.CreateClient();

        using var response = await client.PostAsJsonAsync(
            "/api/v1/auth/login", new { email = "  ADMIN@Localhost ", password = HostFixture.AdminPassword });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_email_get_the_same_401_answer()
    {
        using var client = host.CreateClient();

        using var wrongPassword = await client.PostAsJsonAsync(
            "/api/v1/auth/login", new { email = HostFixture.AdminEmail, password = "not-the-password-1" });
        using var unknownEmail = await client.PostAsJsonAsync(
            "/api/v1/auth/login", new { email = Support.Agents.NewEmail("nobody"), password = "not-the-password-1" });

        await wrongPassword.AssertProblemAsync(401, "unauthorized");
        await unknownEmail.AssertProblemAsync(401, "unauthorized");
        Assert.Equal(WithoutTraceId(await wrongPassword.Content.ReadAsStringAsync()), WithoutTraceId(await unknownEmail.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_request_without_a_token_gets_a_401_problem()
    {
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/api/v1/agents");

        await response.AssertProblemAsync(401, "unauthorized");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("mdk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("garbage")]
    public async Task A_request_with_an_unknown_token_gets_a_401_problem(string token)
    {
        using var client = host.CreateClientWithToken(token);

        using var response = await client.GetAsync("/api/v1/auth/me");

        await response.AssertProblemAsync(401, "unauthorized");
    }

    [Fact]
    public async Task Me_shows_the_signed_in_agent()
    {
        using var admin = await host.CreateAdminClientAsync();

        using var response = await admin.GetAsync("/api/v1/auth/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(HostFixture.AdminEmail, body.GetProperty("email").GetString());
        Assert.Equal("admin", body.GetProperty("role").GetString());
    }

    [Fact]
    public async Task After_logout_the_session_token_no_longer_works_but_other_sessions_do()
    {
        using var first = await host.CreateAdminClientAsync();
        using var second = await host.CreateAdminClientAsync();

        using var logout = await first.PostAsync("/api/v1/auth/logout", null);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        using var afterLogout = await first.GetAsync("/api/v1/auth/me");
        await afterLogout.AssertProblemAsync(401, "unauthorized");
        using var other = await second.GetAsync("/api/v1/auth/me");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Malformed_json_on_login_is_a_400_problem()
    {
        using var client = host.CreateClient();

        using var response = await client.PostJsonAsync("/api/v1/auth/login", "{\"email\": \"admin@localhost\", \"password\": ");

        await response.AssertProblemAsync(400, "malformed-request");
    }

    [Fact]
    public async Task Login_without_email_and_password_names_both_fields()
    {
        using var client = host.CreateClient();

        using var response = await client.PostJsonAsync("/api/v1/auth/login", "{}");

        await response.AssertProblemAsync(400, "validation-error");
        Assert.Equivalent(new[] { "email", "password" }, await response.ValidationFieldsAsync());
    }

    private static string WithoutTraceId(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove("traceId");
        return node.ToJsonString();
    }
}
