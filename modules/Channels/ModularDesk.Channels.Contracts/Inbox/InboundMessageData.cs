namespace ModularDesk.Channels.Contracts.Inbox;

/// <summary>
/// An inbound message as the inbox stores it: the body of <c>POST /api/v1/inbound</c> without the channel id,
/// and what connectors hand to the SDK's <c>IInboundSink</c>. Validated before it is stored.
/// </summary>
public sealed record InboundMessageData(string ExternalMessageId, InboundSenderData From)
{
    public string? Subject { get; init; }

    public string? Text { get; init; }

    public string? Html { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    public string? ConversationId { get; init; }

    public string? InReplyTo { get; init; }

    public IReadOnlyList<string> References { get; init; } = [];

    public IReadOnlyList<InboundAttachmentData> Attachments { get; init; } = [];

    /// <summary>An edit of an earlier message (Telegram edited message).</summary>
    public bool IsEdit { get; init; }

    /// <summary>For an edit: the external id of the original.</summary>
    public string? EditOf { get; init; }

    /// <summary>What the connector noticed: <c>malformed</c>, <c>autoReply</c>, <c>bounce</c>, <c>truncated</c>.</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];

    /// <summary>Raw headers as received (email), for loop detection and diagnosis.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>();
}
