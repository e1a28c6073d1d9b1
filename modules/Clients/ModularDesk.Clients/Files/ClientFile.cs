namespace ModularDesk.Clients.Files;

/// <summary>A file attached to a card (C18). The bytes live in the file store under <see cref="StorageKey"/>.</summary>
internal sealed class ClientFile
{
    public Guid Id { get; set; }

    public Guid ClientId { get; set; }

    public required string Name { get; set; }

    public long Size { get; set; }

    /// <summary>Sniffed from the bytes at upload, never taken from the uploader.</summary>
    public required string ContentType { get; set; }

    public required string StorageKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public Guid? CreatedBy { get; set; }
}
