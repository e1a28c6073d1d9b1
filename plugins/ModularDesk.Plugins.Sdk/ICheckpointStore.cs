namespace ModularDesk.Plugins.Sdk;

/// <summary>
/// Durable string values per channel instance and key, kept in the database: where a receive loop
/// resumes (IMAP UIDVALIDITY and last UID, Telegram update offset). Survives restarts and is seen by
/// whichever host runs the channel next.
/// </summary>
public interface ICheckpointStore
{
    /// <summary>Reads a checkpoint.</summary>
    /// <param name="key">The checkpoint's name, e.g. <c>lastUid</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored value, or <see langword="null"/> when none was stored.</returns>
    Task<string?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Writes a checkpoint; completes once it is durably stored.</summary>
    /// <param name="key">The checkpoint's name.</param>
    /// <param name="value">The value to store.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the value is stored.</returns>
    Task SetAsync(string key, string value, CancellationToken cancellationToken);
}
