using System.Net;
using System.Net.Http.Json;
using ModularDesk.Agents.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Agents.Tests.Setup;

/// <summary>A desk started without an admin password gets a generated one, readable only by its owner.</summary>
public sealed class FirstAdminTests(GeneratedPasswordHostFixture host) : IClassFixture<GeneratedPasswordHostFixture>
{
    [Fact]
    public async Task Without_a_configured_password_the_generated_one_is_written_with_mode_600_and_signs_in()
    {
        var file = Path.Combine(host.DataDirectory, "admin-password.txt");
        Assert.True(File.Exists(file));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        var password = (await File.ReadAllTextAsync(file)).Trim();
        Assert.True(password.Length >= 20, "a generated password is long");
        using var client = host.CreateClient();

        using var configured = await client.PostAsJsonAsync(
            "/api/v1/auth/login", new { email = HostFixture.AdminEmail, password = HostFixture.AdminPassword });
        using var generated = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = HostFixture.AdminEmail, password });

        await configured.AssertProblemAsync(401, "unauthorized");
        Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
        Assert.Equal("admin", (await generated.JsonAsync()).GetProperty("agent").GetProperty("role").GetString());
    }
}
