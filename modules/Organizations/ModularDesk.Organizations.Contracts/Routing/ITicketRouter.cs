namespace ModularDesk.Organizations.Contracts.Routing;

/// <summary>
/// Runs the routing rules (O6, O7) for a ticket: organization rules first, then desk-wide ones, each in order,
/// until one says stop. Returns what to do; the Tickets module applies it and records the fired rules. Round-robin
/// and least-loaded state lives in PostgreSQL, so concurrent calls from several hosts stay fair.
/// A rule pointing at a deleted agent or team is reported in <see cref="RoutingDecision.Problems"/>, not thrown.
/// </summary>
public interface ITicketRouter
{
    Task<RoutingDecision> RouteAsync(TicketRoutingFacts ticket, CancellationToken cancellationToken = default);

    /// <summary>
    /// Routes several tickets at once, in the given order (round-robin turns are taken in that order), with a fixed
    /// number of queries for the batch instead of a few per ticket; the decisions come back in the same order.
    /// </summary>
    Task<IReadOnlyList<RoutingDecision>> RouteManyAsync(IReadOnlyList<TicketRoutingFacts> tickets, CancellationToken cancellationToken = default);
}
