using System.Collections.Concurrent;
using ModularDesk.Clients.Contracts.Resolution;

namespace ModularDesk.Tickets.Tests.Support;

/// <summary>
/// Stands in for the Clients module's resolver ONLY while that module has not landed (registered with
/// IfNotRegistered, so the real one wins as soon as it exists). One card per sender address, in memory.
/// </summary>
internal sealed class InterimSenderResolver : IClientSenderResolver
{
    private static readonly ConcurrentDictionary<string, Guid> Cards = new(StringComparer.OrdinalIgnoreCase);

    public Task<ResolvedSender> ResolveAsync(InboundSender sender, CancellationToken cancellationToken = default)
    {
        var created = false;
        var id = Cards.GetOrAdd($"{sender.Kind}|{sender.Messenger}|{sender.Value.Trim()}", _ =>
        {
            created = true;
            return Guid.CreateVersion7();
        });
        return Task.FromResult(new ResolvedSender(id, created, sender.DisplayName ?? sender.Value, null, false, false, sender.LanguageHint));
    }
}
