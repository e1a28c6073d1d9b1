using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace ModularDesk.BuildingBlocks.Files;

/// <summary>
/// <see cref="IFileStore"/> on local disk under <c>&lt;data dir&gt;/files/ab/cd/&lt;sha256&gt;</c>. Written to a
/// temporary file first and moved into place, so a crash never leaves a half-written file under a valid key.
/// The data directory is read when first used (test hosts set it after the container is built).
/// </summary>
internal sealed class LocalDiskFileStore(IConfiguration configuration) : IFileStore
{
    private const int HeadLength = 512;

    private string Root => Path.Combine(
        configuration["DataDirectory"] ?? configuration["MODULARDESK_DATA_DIR"] ?? ".modulardesk", "files");

    public async Task<StoredFile> SaveAsync(Stream content, long maxBytes, CancellationToken cancellationToken = default)
    {
        var root = Root;
        Directory.CreateDirectory(root);
        var temporary = Path.Combine(root, $"upload-{Guid.NewGuid():N}.tmp");
        var head = new byte[HeadLength];
        var headLength = 0;
        long size = 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    size += read;
                    if (size > maxBytes)
                    {
                        throw new FileTooLargeException(maxBytes);
                    }

                    if (headLength < HeadLength)
                    {
                        var take = Math.Min(read, HeadLength - headLength);
                        Array.Copy(buffer, 0, head, headLength, take);
                        headLength += take;
                    }

                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                await file.FlushAsync(cancellationToken);
            }

            var key = Convert.ToHexStringLower(hash.GetHashAndReset());
            var target = PathOf(root, key);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (File.Exists(target))
            {
                File.Delete(temporary);
            }
            else
            {
                File.Move(temporary, target, overwrite: true);
            }

            return new StoredFile(key, size, head[..headLength]);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public Stream? OpenRead(string key)
    {
        if (!IsKey(key))
        {
            return null;
        }

        var path = PathOf(Root, key);
        return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true) : null;
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        if (IsKey(key))
        {
            File.Delete(PathOf(Root, key));
        }

        return Task.CompletedTask;
    }

    private static bool IsKey(string key) => key.Length == 64 && key.All(char.IsAsciiHexDigitLower);

    private static string PathOf(string root, string key) => Path.Combine(root, key[..2], key[2..4], key);
}
