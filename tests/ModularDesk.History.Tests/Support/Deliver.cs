using Microsoft.Extensions.DependencyInjection;
using ModularDesk.BuildingBlocks.Contracts;
using ModularDesk.BuildingBlocks.Outbox;
using ModularDesk.History;
using ModularDesk.Testing;

namespace ModularDesk.History.Tests.Support;

/// <summary>
/// Hands an event to History's handlers exactly as the outbox dispatcher does (a scope per handler), for what the
/// publishing modules' APIs cannot produce on demand: out-of-order and repeated delivery, late events.
/// </summary>
internal static class Deliver
{
    public static async Task EventAsync<T>(this HostFixture host, T integrationEvent)
        where T : IIntegrationEvent
    {
        int count;
        await using (var counting = host.Factory.Services.CreateAsyncScope())
        {
            count = HistoryHandlers<T>(counting.ServiceProvider).Count;
        }

        for (var i = 0; i < count; i++)
        {
            await using var scope = host.Factory.Services.CreateAsyncScope();
            await HistoryHandlers<T>(scope.ServiceProvider)[i].HandleAsync(integrationEvent, CancellationToken.None);
        }
    }

    public static async Task EventsAsync(this HostFixture host, params IIntegrationEvent[] events)
    {
        foreach (var e in events)
        {
            await (Task)typeof(Deliver).GetMethod(nameof(EventAsync))!.MakeGenericMethod(e.GetType()).Invoke(null, [host, e])!;
        }
    }

    /// <summary>Hands History's handler a run of events of one type, as the dispatcher does with consecutive events of a batch.</summary>
    public static async Task RunAsync<T>(this HostFixture host, IReadOnlyList<T> events)
        where T : IIntegrationEvent
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var handler = HistoryHandlers<T>(scope.ServiceProvider).OfType<IBatchIntegrationEventHandler<T>>().Single();
        await handler.HandleManyAsync(events, CancellationToken.None);
    }

    private static List<IIntegrationEventHandler<T>> HistoryHandlers<T>(IServiceProvider services)
        where T : IIntegrationEvent =>
        services.GetServices<IIntegrationEventHandler<T>>().Where(h => h.GetType().Assembly == typeof(HistoryModule).Assembly).ToList();
}
