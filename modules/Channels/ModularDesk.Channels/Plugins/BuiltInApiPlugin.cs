using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Channels.Plugins;

/// <summary>
/// The built-in <c>api</c> channel type: messages arrive through <c>POST /api/v1/inbound</c>, so there
/// is no connector and nothing to load. Listed with the plugins so admins see every channel type in one place.
/// </summary>
internal static class BuiltInApiPlugin
{
    public const string Id = "api";

    public static PluginEntry Entry { get; } = new(
        Id, "API (inbound REST)", SdkInfo.Version.ToString(3), SdkInfo.Version.ToString(3), [], PluginStatus.Loaded, null, null);
}
