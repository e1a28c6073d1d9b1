using System.Collections.Concurrent;

namespace ModularDesk.Plugins.Telegram;

/// <summary>
/// Avatar URLs per Telegram user for a few hours, so a chatty client costs one <c>getUserProfilePhotos</c>
/// call, not one per message. Only a cache: a new connector simply asks again.
/// </summary>
internal sealed class ProfilePhotoCache(TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(6);
    private const int MaxEntries = 50_000;
    private readonly ConcurrentDictionary<long, (string? Url, DateTimeOffset Until)> entries = new();

    public bool TryGet(long userId, out string? url)
    {
        if (entries.TryGetValue(userId, out var entry) && entry.Until > clock.GetUtcNow())
        {
            url = entry.Url;
            return true;
        }

        url = null;
        return false;
    }

    public void Set(long userId, string? url)
    {
        if (entries.Count >= MaxEntries)
        {
            entries.Clear();
        }

        entries[userId] = (url, clock.GetUtcNow() + Lifetime);
    }

    public void Forget(long userId) => entries.TryRemove(userId, out _);
}
