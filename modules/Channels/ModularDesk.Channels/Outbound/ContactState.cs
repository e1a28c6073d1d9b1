namespace ModularDesk.Channels.Outbound;

/// <summary>What the desk knows about one address on one channel, and the client's consent for the channel type.</summary>
internal sealed record ContactState(
    DateTimeOffset? LastInboundAt, string? UnreachableReason, DateTimeOffset? UnreachableAt, bool OptedOut)
{
    /// <summary>Unreachable unless the contact wrote again after it was marked (they unblocked the bot, the mailbox works).</summary>
    public bool IsUnreachable => UnreachableReason is not null && (LastInboundAt is null || LastInboundAt < UnreachableAt);
}
