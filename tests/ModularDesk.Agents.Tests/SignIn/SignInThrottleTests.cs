using System.Net;
using System.Net.Http.Json;
using ModularDesk.Agents.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Agents.Tests.SignIn;

/// <summary>Brute force against one account is refused for a while, without locking other accounts out.</summary>
public sealed class SignInThrottleTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task Five_failed_sign_ins_refuse_even_the_right_password_with_429_and_retry_after()
    {
        using var admin = await host.CreateAdminClientAsync();
        var email = Support.Agents.NewEmail("target");
        await Support.Agents.CreateAsync(admin, email);
        using var client = host.CreateClient();

        for (var i = 0; i < 5; i++)
        {
            using var failed = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = $"wrong-password-{i}" });
            await failed.AssertProblemAsync(401, "unauthorized");
        }

        using var refused = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = HostFixture.AgentPassword });

        await refused.AssertProblemAsync(429, "too-many-requests");
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(15));

        using var otherAccount = await client.PostAsJsonAsync(
            "/api/v1/auth/login", new { email = HostFixture.AdminEmail, password = HostFixture.AdminPassword });
        Assert.Equal(HttpStatusCode.OK, otherAccount.StatusCode);
    }
}
