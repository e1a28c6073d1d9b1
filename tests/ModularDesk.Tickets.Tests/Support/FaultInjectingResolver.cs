using System.Collections.Concurrent;
using ModularDesk.Clients.Contracts.Resolution;

namespace ModularDesk.Tickets.Tests.Support;

/// <summary>The real resolver, failing on purpose for senders whose address says so (see <see cref="TicketsHostFixture"/>).</summary>
internal sealed class FaultInjectingResolver(IClientSenderResolver inner) : IClientSenderResolver
{
    private static readonly ConcurrentDictionary<string, int> Calls = new(StringComparer.OrdinalIgnoreCase);

    public Task<ResolvedSender> ResolveAsync(InboundSender sender, CancellationToken cancellationToken = default)
    {
        var calls = Calls.AddOrUpdate(sender.Value, 1, (_, n) => n + 1);
        if (sender.Value.StartsWith("fail-always-", StringComparison.OrdinalIgnoreCase)
            || (sender.Value.StartsWith("fail-once-", StringComparison.OrdinalIgnoreCase) && calls == 1))
        {
            throw new InvalidOperationException($"Injected failure resolving {sender.Value} (call {calls}).");
        }

        return inner.ResolveAsync(sender, cancellationToken);
    }

    /// <summary>A batch with a sender that would fail fails as a whole (uncounted), as a real failure would.</summary>
    public Task<IReadOnlyList<ResolvedSender>> ResolveManyAsync(IReadOnlyList<InboundSender> senders, CancellationToken cancellationToken = default)
    {
        foreach (var sender in senders)
        {
            if (sender.Value.StartsWith("fail-always-", StringComparison.OrdinalIgnoreCase)
                || (sender.Value.StartsWith("fail-once-", StringComparison.OrdinalIgnoreCase) && !Calls.ContainsKey(sender.Value)))
            {
                throw new InvalidOperationException($"Injected failure resolving a batch with {sender.Value}.");
            }
        }

        return inner.ResolveManyAsync(senders, cancellationToken);
    }
}
