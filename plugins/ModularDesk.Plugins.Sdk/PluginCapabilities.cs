namespace ModularDesk.Plugins.Sdk;

/// <summary>The capability names a manifest's <c>capabilities</c> list may contain.</summary>
public static class PluginCapabilities
{
    /// <summary>The connector runs a receive loop (<see cref="IPullingConnector"/>).</summary>
    public const string Pull = "pull";

    /// <summary>The connector answers webhooks (<see cref="IWebhookConnector"/>).</summary>
    public const string Webhook = "webhook";

    /// <summary>The connector serves live sessions (<see cref="IRealtimeConnector"/>).</summary>
    public const string Realtime = "realtime";

    /// <summary>The connector sends messages (<see cref="IOutboundConnector"/>).</summary>
    public const string Outbound = "outbound";

    /// <summary>The connector can send pre-approved templates (<see cref="OutboundMessage.Template"/>).</summary>
    public const string Templates = "templates";

    /// <summary>The connector can look up a sender's profile (name, picture) at the service.</summary>
    public const string ProfileLookup = "profileLookup";

    /// <summary>Every capability name this SDK version knows.</summary>
    public static IReadOnlyList<string> All { get; } = [Pull, Webhook, Realtime, Outbound, Templates, ProfileLookup];
}
