using System.Data.Common;
using ModularDesk.Organizations.Contracts.Routing;
using Npgsql;

namespace ModularDesk.Tickets.Tests.Support;

/// <summary>
/// The real router, failing on purpose when it runs inside an ingestion transaction for a ticket whose subject says so:
/// <c>router-breaks</c> lets the real router take its round-robin turns on the transaction, then runs a statement that
/// fails (so the transaction is aborted, as a real database error would leave it) and throws; <c>router-hangs</c>
/// waits until cancelled (the inline routing timeout). Outside a transaction (the routing worker, <c>/route</c>) it
/// is the real router.
/// </summary>
internal sealed class FaultInjectingRouter(ITicketRouter inner) : ITicketRouter
{
    public Task<RoutingDecision> RouteAsync(TicketRoutingFacts ticket, CancellationToken cancellationToken = default) =>
        inner.RouteAsync(ticket, cancellationToken);

    public Task<IReadOnlyList<RoutingDecision>> RouteManyAsync(IReadOnlyList<TicketRoutingFacts> tickets, CancellationToken cancellationToken = default) =>
        inner.RouteManyAsync(tickets, cancellationToken);

    public async Task<IReadOnlyList<RoutingDecision>> RouteManyAsync(
        IReadOnlyList<TicketRoutingFacts> tickets, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        if (transaction is NpgsqlTransaction npgsql && tickets.Any(t => Says(t, "router-breaks")))
        {
            await inner.RouteManyAsync(tickets, transaction, cancellationToken);
            await using var failing = new NpgsqlCommand("SELECT 1 / 0", npgsql.Connection, npgsql);
            await failing.ExecuteScalarAsync(cancellationToken);
        }

        if (transaction is not null && tickets.Any(t => Says(t, "router-hangs")))
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }

        return await inner.RouteManyAsync(tickets, transaction, cancellationToken);
    }

    private static bool Says(TicketRoutingFacts ticket, string what) =>
        ticket.Subject?.Contains(what, StringComparison.OrdinalIgnoreCase) == true;
}
