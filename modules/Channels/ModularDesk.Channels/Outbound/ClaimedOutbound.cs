namespace ModularDesk.Channels.Outbound;

/// <summary>
/// A queued message leased to this host's sender: the stored request, how many attempts this one makes
/// (1 for the first), and the channel as it is now (null plugin when the channel was deleted).
/// </summary>
internal sealed record ClaimedOutbound(
    Guid Id, Guid ChannelId, string Payload, int Attempt, string RecipientKind, string RecipientValue,
    string? RecipientMessenger, string? PluginId, bool Enabled, string Revision);
