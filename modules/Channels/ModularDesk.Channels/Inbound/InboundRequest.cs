namespace ModularDesk.Channels.Inbound;

/// <summary>The body of <c>POST /api/v1/inbound</c> as sent; everything optional here so validation can name what is missing.</summary>
internal sealed record InboundRequest(
    Guid? ChannelId,
    string? ExternalMessageId,
    InboundSenderRequest? From,
    string? Subject,
    string? Text,
    string? Html,
    DateTimeOffset? SentAt,
    string? ConversationId,
    string? InReplyTo,
    IReadOnlyList<string?>? References,
    IReadOnlyList<InboundAttachmentRequest?>? Attachments,
    bool? IsEdit,
    string? EditOf);
