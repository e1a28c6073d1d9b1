using System.Data.Common;

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

    /// <summary>
    /// As <see cref="RouteManyAsync(IReadOnlyList{TicketRoutingFacts}, CancellationToken)"/>, but the routing state is
    /// read and written on the caller's open <paramref name="transaction"/> (same database): the round-robin turns
    /// commit or roll back with the caller's own writes (e.g. the tickets being created), so a rolled-back caller never
    /// skips an agent's turn. Each team's cursor row stays locked until the caller ends the transaction; teams are
    /// always taken in id order, so two such callers never deadlock on them. Should this throw, the transaction may be
    /// aborted: callers set a savepoint first and roll back to it.
    /// </summary>
    Task<IReadOnlyList<RoutingDecision>> RouteManyAsync(
        IReadOnlyList<TicketRoutingFacts> tickets, DbTransaction? transaction, CancellationToken cancellationToken = default);
}
