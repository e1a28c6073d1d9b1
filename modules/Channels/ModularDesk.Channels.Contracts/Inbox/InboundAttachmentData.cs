namespace ModularDesk.Channels.Contracts.Inbox;

/// <summary>A file that came with an inbound message, its bytes as base64 (as stored in the inbox payload).</summary>
public sealed record InboundAttachmentData(string Name, string ContentType, string ContentBase64);
