using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ModularDesk.Plugins.Tests.Host;

/// <summary>
/// <c>GET /api/v1/plugins</c> through the real host. Needs <c>ChannelsModule</c> to call
/// <c>RegisterPlugins</c>/<c>MapPluginEndpoints</c> and the Agents module's login and policies.
/// </summary>
public sealed class PluginsEndpointTests(PluginsHostFixture host) : IClassFixture<PluginsHostFixture>
{
    [Fact]
    public async Task An_admin_sees_every_plugin_with_its_status_and_the_reason_for_those_skipped()
    {
        using var admin = await host.CreateAdminClientAsync();

        using var response = await admin.GetAsync("/api/v1/plugins");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var plugins = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()
            .ToDictionary(p => p.GetProperty("id").GetString()!);

        Assert.Equal("loaded", plugins["api"].GetProperty("status").GetString());

        var working = plugins["test-working"];
        Assert.Equal("loaded", working.GetProperty("status").GetString());
        Assert.Equal("Test: working connector", working.GetProperty("name").GetString());
        Assert.Equal("1.0.0", working.GetProperty("version").GetString());
        Assert.Equal("1.0.0", working.GetProperty("sdkVersion").GetString());
        Assert.Equal(["pull", "webhook", "outbound"], working.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(JsonValueKind.Null, working.GetProperty("error").ValueKind);

        Assert.Equal("failed", plugins["test-broken"].GetProperty("status").GetString());
        Assert.Contains("refuses to start", plugins["test-broken"].GetProperty("error").GetString());

        Assert.Equal("incompatible", plugins["test-incompatible"].GetProperty("status").GetString());
        Assert.Equal("2.0.0", plugins["test-incompatible"].GetProperty("sdkVersion").GetString());
        Assert.Contains("built for SDK 2.0.0", plugins["test-incompatible"].GetProperty("error").GetString());

        Assert.Equal("failed", plugins["stray-folder"].GetProperty("status").GetString());
        Assert.Equal("no plugin.json", plugins["stray-folder"].GetProperty("error").GetString());
    }

    [Fact]
    public async Task The_host_keeps_serving_with_broken_and_crashing_plugins_installed()
    {
        using var client = host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task An_agent_who_is_not_an_admin_gets_403()
    {
        using var agent = await host.CreateAgentClientAsync("agent");

        using var response = await agent.GetAsync("/api/v1/plugins");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Without_a_token_the_answer_is_401()
    {
        using var anonymous = host.CreateClient();

        using var response = await anonymous.GetAsync("/api/v1/plugins");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
