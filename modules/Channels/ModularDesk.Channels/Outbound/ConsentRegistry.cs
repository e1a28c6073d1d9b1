using Microsoft.EntityFrameworkCore;
using ModularDesk.Channels.Contracts.Outbound;
using ModularDesk.Channels.Persistence;

namespace ModularDesk.Channels.Outbound;

/// <summary>
/// <see cref="IConsentRegistry"/> on <c>channels.client_consents</c>: the latest choice per client and channel type
/// (a plugin id such as <c>whatsapp</c> or <c>email</c>) with when and where it was made. The queue refuses messages
/// to an opted-out client on that channel type.
/// </summary>
internal sealed class ConsentRegistry(ChannelsDbContext db, TimeProvider clock) : IConsentRegistry
{
    public const string OptedIn = "optedIn";
    public const string OptedOut = "optedOut";

    public async Task<IReadOnlyList<ClientConsent>> GetAsync(Guid clientId, CancellationToken cancellationToken = default)
    {
        var rows = await db.ClientConsents.AsNoTracking()
            .Where(c => c.ClientId == clientId)
            .OrderBy(c => c.ChannelType)
            .ToListAsync(cancellationToken);
        return rows.Select(c => new ClientConsent(c.ChannelType, c.OptedOut ? OptedOut : OptedIn, c.At, c.Source)).ToList();
    }

    public async Task SetAsync(Guid clientId, string channelType, bool optedOut, string source, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channelType);
        var type = channelType.Trim().ToLowerInvariant();
        var origin = string.IsNullOrWhiteSpace(source) ? "unknown" : source.Trim();
        origin = origin.Length <= 200 ? origin : origin[..200];
        await db.Database.ExecuteSqlAsync(
            $"""
             INSERT INTO channels.client_consents (client_id, channel_type, opted_out, at, source)
             VALUES ({clientId}, {type}, {optedOut}, {clock.GetUtcNow()}, {origin})
             ON CONFLICT (client_id, channel_type) DO UPDATE SET opted_out = excluded.opted_out, at = excluded.at, source = excluded.source
             """,
            cancellationToken);
    }
}
