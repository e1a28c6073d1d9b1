namespace ModularDesk.BuildingBlocks.Files;

/// <summary>
/// Where modules keep file contents (client files, message attachments): content-addressed by SHA-256, so the
/// same bytes are stored once and a key never changes meaning. Modules keep the key, name and type in their own
/// tables; contents are never trusted for their declared type (see <see cref="ContentSniffer"/>).
/// </summary>
public interface IFileStore
{
    /// <summary>Stores the stream's bytes (at most <paramref name="maxBytes"/>; more throws <see cref="FileTooLargeException"/>).</summary>
    Task<StoredFile> SaveAsync(Stream content, long maxBytes, CancellationToken cancellationToken = default);

    /// <summary>Opens stored contents for reading; null when the key is unknown.</summary>
    Stream? OpenRead(string key);

    /// <summary>Removes contents no module references any more (the caller knows it held the last reference).</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);
}

/// <summary>A stored file's key (lower-case hex SHA-256), size and the first bytes for sniffing.</summary>
public sealed record StoredFile(string Key, long Size, byte[] Head);

/// <summary>The content was larger than allowed.</summary>
public sealed class FileTooLargeException(long maxBytes) : Exception($"The file is larger than {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}
