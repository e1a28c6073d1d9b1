namespace ModularDesk.Tickets.Messages;

/// <summary>A file of a message; its bytes are in the host's <c>IFileStore</c> under <see cref="StorageKey"/>.</summary>
internal sealed class MessageAttachment
{
    public Guid Id { get; set; }

    public Guid MessageId { get; set; }

    public Guid TicketId { get; set; }

    public Guid ClientId { get; set; }

    public string Name { get; set; } = "";

    /// <summary>Sniffed from the bytes, never taken from the sender.</summary>
    public string ContentType { get; set; } = "application/octet-stream";

    public string StorageKey { get; set; } = "";

    public long Size { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
