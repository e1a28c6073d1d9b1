namespace ModularDesk.Plugins.Tests.Host;

/// <summary>
/// The host-level plugin tests need two things not on this branch: <c>ChannelsModule</c> calling
/// <c>builder.RegisterPlugins()</c> and <c>PluginRegistration.MapPluginEndpoints(api)</c>, and the Agents
/// module's login. Once both are on main, set <see cref="Reason"/> to null and the tests run.
/// </summary>
internal static class PendingIntegration
{
    public const string? Reason = "Waiting for ChannelsModule to register plugins and for the Agents login (see PendingIntegration.cs)";
}
