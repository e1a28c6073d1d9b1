using System.Reflection;
using ModularDesk.Testing;

namespace ModularDesk.Channels.Tests.Support;

/// <summary>
/// The real host with the <c>test-working</c> plugin installed (pull, webhook, outbound; settings
/// <c>inboxDirectory</c> required, <c>webhookSecret</c> secret), so channel tests exercise a real plugin.
/// </summary>
public sealed class ChannelsHostFixture : HostFixture
{
    public const string WorkingPluginId = "test-working";
    private const string WorkingPlugin = "ModularDesk.TestPlugins.Working";

    public ChannelsHostFixture()
    {
        // These tests drive the inbox by hand (claims, leases, statuses); the Tickets ingestion must not take its messages.
        Set("Tickets:Ingestion:Enabled", "false");
        var buildOutput = typeof(ChannelsHostFixture).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "TestPluginsDirectory").Value!;
        var source = Path.Combine(buildOutput, WorkingPlugin);
        if (!File.Exists(Path.Combine(source, "plugin.json")))
        {
            throw new InvalidOperationException($"{WorkingPlugin} was not built into {source}");
        }

        var target = Path.Combine(PluginsDirectory, WorkingPlugin);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
    }

    /// <summary>A client signed in as the first admin.</summary>
    public Task<HttpClient> AdminAsync() => CreateAdminClientAsync();

    /// <summary>A client signed in as a new agent without the admin role.</summary>
    public Task<HttpClient> AgentAsync() => CreateAgentClientAsync("agent");
}
