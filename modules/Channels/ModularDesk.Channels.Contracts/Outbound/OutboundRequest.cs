namespace ModularDesk.Channels.Contracts.Outbound;

/// <summary>A message to send to a client through a channel instance.</summary>
/// <param name="ChannelId">The channel instance to send through.</param>
/// <param name="Recipient">The client's address on that channel.</param>
/// <param name="Text">Plain text (also the email text part); may be empty when <see cref="Template"/> is set.</param>
public sealed record OutboundRequest(Guid ChannelId, OutboundRecipient Recipient, string Text)
{
    /// <summary>The client (for opt-out checks and history); opaque to Channels.</summary>
    public Guid? ClientId { get; init; }

    public Guid? TicketId { get; init; }

    /// <summary>The ticket message this sends (delivery statuses are reported against it).</summary>
    public Guid? TicketMessageId { get; init; }

    public long? TicketNumber { get; init; }

    public string? Subject { get; init; }

    /// <summary>Sanitized HTML, when any.</summary>
    public string? Html { get; init; }

    public OutboundTemplate? Template { get; init; }

    /// <summary>The external id of the message this replies to (email Message-ID).</summary>
    public string? InReplyTo { get; init; }

    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>The name the client sees as the sender (the agent's name).</summary>
    public string? SenderDisplayName { get; init; }

    public IReadOnlyList<OutboundFile> Attachments { get; init; } = [];
}

/// <summary>A client's address: <c>email</c>, <c>phone</c> (E.164), <c>messenger</c> (with <paramref name="Messenger"/>), <c>externalId</c>.</summary>
public sealed record OutboundRecipient(string Kind, string Value, string? Messenger = null);

/// <summary>An approved template (WhatsApp).</summary>
public sealed record OutboundTemplate(string Name, string Language, IReadOnlyList<string> Parameters);

/// <summary>A file to attach, kept in the host's file store under <paramref name="StorageKey"/>.</summary>
public sealed record OutboundFile(string Name, string ContentType, string StorageKey, long Size);
