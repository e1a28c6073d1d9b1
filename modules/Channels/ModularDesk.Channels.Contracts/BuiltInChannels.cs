namespace ModularDesk.Channels.Contracts;

/// <summary>Channel instances every desk has.</summary>
public static class BuiltInChannels
{
    /// <summary>
    /// The built-in <c>api</c> channel (plugin id <c>api</c>, name "API") for <c>POST /api/v1/inbound</c>.
    /// Seeded by the Channels migrations with this fixed id so integrations and tests can name it without a lookup;
    /// it cannot be deleted.
    /// </summary>
    public static readonly Guid ApiChannelId = new("00000000-0000-0000-0000-000000000001");

    /// <summary>The plugin id of the built-in channel type.</summary>
    public const string ApiPluginId = "api";
}
