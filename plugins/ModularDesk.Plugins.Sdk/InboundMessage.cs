namespace ModularDesk.Plugins.Sdk;

/// <summary>
/// A message a client sent through a channel, as a connector hands it to <see cref="IInboundSink"/>.
/// It mirrors the body of <c>POST /api/v1/inbound</c> (there the channel id is part of the body; here the
/// context knows it).
/// </summary>
/// <param name="ExternalMessageId">The message's id at the service, unique within the channel (email Message-ID,
/// Telegram chat id + message id, WhatsApp wamid). The inbox drops a second message with the same id.</param>
/// <param name="From">Who sent it.</param>
public sealed record InboundMessage(string ExternalMessageId, InboundSender From)
{
    /// <summary>The subject (email); <see langword="null"/> for chat messages.</summary>
    public string? Subject { get; init; }

    /// <summary>The plain-text body (for email the text part, or text derived from the HTML).</summary>
    public string? Text { get; init; }

    /// <summary>The HTML body as received; the host sanitizes it before anyone sees it.</summary>
    public string? Html { get; init; }

    /// <summary>When the client sent it, as the service reports it; <see langword="null"/> when unknown.</summary>
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>The service's conversation or chat id, when it has one (Telegram chat id, widget conversation).</summary>
    public string? ConversationId { get; init; }

    /// <summary>The external id of the message this one answers (email <c>In-Reply-To</c>). A hint, not proof.</summary>
    public string? InReplyTo { get; init; }

    /// <summary>External ids of earlier messages in the thread, oldest first (email <c>References</c>).</summary>
    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>Attached files.</summary>
    public IReadOnlyList<InboundAttachment> Attachments { get; init; } = [];

    /// <summary>Whether this is an edit of a message received earlier (Telegram edited message).</summary>
    public bool IsEdit { get; init; }

    /// <summary>For an edit: the external message id of the original message.</summary>
    public string? EditOf { get; init; }

    /// <summary>Things the connector noticed that the desk should treat specially (auto-replies, bounces, broken MIME).</summary>
    public InboundFlags Flags { get; init; }

    /// <summary>The raw headers as received (email headers), for diagnosis and loop detection; may be empty.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
}
