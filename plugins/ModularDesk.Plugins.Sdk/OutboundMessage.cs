namespace ModularDesk.Plugins.Sdk;

/// <summary>A message the desk wants delivered to a client through this channel.</summary>
/// <param name="OutboundId">The host's id of this message; stable across retries (use it as an idempotency key).</param>
/// <param name="Recipient">Where to send it.</param>
/// <param name="Text">The plain-text body; always set (for email it is the text part).</param>
public sealed record OutboundMessage(Guid OutboundId, ContactAddress Recipient, string Text)
{
    /// <summary>The subject (email); <see langword="null"/> for chat channels.</summary>
    public string? Subject { get; init; }

    /// <summary>An HTML body (email), already sanitized by the host; <see langword="null"/> when none.</summary>
    public string? Html { get; init; }

    /// <summary>Files to attach.</summary>
    public IReadOnlyList<OutboundAttachment> Attachments { get; init; } = [];

    /// <summary>How the message relates to earlier ones in the conversation.</summary>
    public MessageThreading? Threading { get; init; }

    /// <summary>A pre-approved template to send instead of free text (WhatsApp outside the 24-hour window).</summary>
    public MessageTemplate? Template { get; init; }

    /// <summary>The name the recipient should see as the sender (e.g. "Anna from Acme support").</summary>
    public string? SenderDisplayName { get; init; }
}
