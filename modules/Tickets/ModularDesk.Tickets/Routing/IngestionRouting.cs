using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Autofac;
using Microsoft.Extensions.Logging;
using ModularDesk.Organizations.Contracts.Routing;
using ModularDesk.Tickets.Ingestion;
using ModularDesk.Tickets.Messages;
using ModularDesk.Tickets.Tickets;
using Npgsql;

namespace ModularDesk.Tickets.Routing;

/// <summary>
/// Routes a batch's new tickets inside the ingestion transaction, before they are written: one
/// <see cref="ITicketRouter.RouteManyAsync(IReadOnlyList{TicketRoutingFacts}, System.Data.Common.DbTransaction?, CancellationToken)"/>
/// call on the batch's transaction (its round-robin turns commit or roll back with the tickets), the decisions go into
/// the ticket rows as they are inserted, so nobody ever sees a new ticket unassigned. The router runs after a
/// savepoint (set by the writer); if it throws or takes longer than <see cref="IngestionOptions.RoutingTimeout"/>, the
/// transaction goes back to the savepoint and those tickets get a <c>routing_queue</c> row for the
/// <see cref="RoutingWorker"/> instead: a router failure never fails or loses the batch.
/// </summary>
internal sealed partial class IngestionRouting(ILifetimeScope scope, IngestionOptions options, ILogger<IngestionRouting> logger)
{
    /// <summary>The savepoint the writer sets before routing (in its lookup round trip).</summary>
    public const string Savepoint = "routing";

    internal static readonly Meter Meter = new("ModularDesk.Tickets");

    /// <summary>Time the router takes inside an ingestion transaction, per batch with new tickets (ms).</summary>
    internal static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "modulardesk.tickets.ingestion.routing.duration", "ms", "Routing of a batch's new tickets inside the ingestion transaction");

    /// <summary>Decides the tickets' routing on <paramref name="transaction"/>; those it cannot decide are marked for the queue.</summary>
    public async Task RouteAsync(
        NpgsqlTransaction transaction, IReadOnlyList<ThreadTicket> tickets, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        await using var lifetime = scope.BeginLifetimeScope();
        if (lifetime.ResolveOptional<ITicketRouter>() is not { } router)
        {
            Queue(tickets);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        IReadOnlyList<RoutingDecision> decisions;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RoutingTimeout);
        try
        {
            var facts = tickets.Select(t => new TicketRoutingFacts(
                t.Id, t.OrganizationId, t.ChannelId, t.ChannelType, t.IsVip, t.Language, t.Subject,
                MessageHtml.ToPlainText(t.FirstText) ?? t.FirstText, null, createdAt, t.ClientId)).ToList();
            decisions = await router.RouteManyAsync(facts, transaction, timeout.Token);
            if (decisions.Count != tickets.Count)
            {
                throw new InvalidOperationException($"The router answered {decisions.Count} decisions for {tickets.Count} tickets.");
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogRoutingFailed(ex, tickets.Count);
            // Undo whatever the router did on the transaction (turns taken) and leave the tickets to the worker.
            await transaction.RollbackAsync(Savepoint, cancellationToken);
            Queue(tickets);
            return;
        }
        finally
        {
            Duration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        for (var i = 0; i < tickets.Count; i++)
        {
            Apply(tickets[i], decisions[i]);
        }
    }

    private static void Queue(IReadOnlyList<ThreadTicket> tickets)
    {
        foreach (var ticket in tickets)
        {
            ticket.QueueForRouting = true;
        }
    }

    /// <summary>The same decision <see cref="TicketRouting"/> applies to a stored ticket, applied to one being created.</summary>
    private static void Apply(ThreadTicket ticket, RoutingDecision decision)
    {
        ticket.AssigneeAgentId = decision.AssigneeAgentId;
        ticket.TeamId = decision.TeamId;
        if (TicketPriorities.IsKnown(decision.Priority))
        {
            ticket.Priority = decision.Priority!;
        }

        if (TicketStatuses.IsKnown(decision.Status) && decision.Status != ticket.Status)
        {
            ticket.RoutedFrom = ticket.Status;
            ticket.Status = decision.Status!;
            ticket.ResolvedAt = TicketStatuses.IsDone(ticket.Status) ? DateTimeOffset.UtcNow : null;
        }

        foreach (var tag in decision.Tags.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()))
        {
            if (!ticket.Tags.Contains(tag, StringComparer.OrdinalIgnoreCase))
            {
                ticket.Tags.Add(tag);
            }
        }

        ticket.FiredRules = JsonSerializer.Serialize(
            decision.FiredRules.Select(r => new FiredRuleView(r.RuleId, r.Name, r.At.ToUniversalTime())), TicketRouting.Json);
    }

    [LoggerMessage(LogLevel.Warning, "Routing {Count} new tickets inside their ingestion batch failed; they wait in the routing queue")]
    private partial void LogRoutingFailed(Exception exception, int count);
}
