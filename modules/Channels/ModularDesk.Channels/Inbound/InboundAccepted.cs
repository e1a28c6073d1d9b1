namespace ModularDesk.Channels.Inbound;

/// <summary>The answer of <c>POST /api/v1/inbound</c>.</summary>
internal sealed record InboundAccepted(Guid InboxId, bool Duplicate);
