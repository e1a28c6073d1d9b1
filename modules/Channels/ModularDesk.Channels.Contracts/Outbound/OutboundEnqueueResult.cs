namespace ModularDesk.Channels.Contracts.Outbound;

/// <summary>
/// Queued (with the outbound id) or refused with a problem slug (<c>channel-window-closed</c>, <c>opted-out</c>,
/// <c>template-required</c>, <c>channel-not-found</c>, <c>channel-cannot-send</c>) and a reason an agent understands.
/// </summary>
public sealed record OutboundEnqueueResult(Guid? OutboundId, string? RefusalType, string? RefusalDetail)
{
    public bool IsQueued => OutboundId is not null;

    public static OutboundEnqueueResult Queued(Guid outboundId) => new(outboundId, null, null);

    public static OutboundEnqueueResult Refused(string type, string detail) => new(null, type, detail);
}
