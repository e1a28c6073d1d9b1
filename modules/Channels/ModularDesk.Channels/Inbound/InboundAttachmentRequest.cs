namespace ModularDesk.Channels.Inbound;

/// <summary>One of the <c>attachments</c> of <c>POST /api/v1/inbound</c>.</summary>
internal sealed record InboundAttachmentRequest(string? Name, string? ContentType, string? ContentBase64);
