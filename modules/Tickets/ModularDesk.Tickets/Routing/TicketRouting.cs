using System.Text.Json;
using Autofac;
using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Contracts;
using ModularDesk.Clients.Contracts.Directory;
using ModularDesk.Organizations.Contracts.Routing;
using ModularDesk.Tickets.Contracts.Events;
using ModularDesk.Tickets.Messages;
using ModularDesk.Tickets.Persistence;
using ModularDesk.Tickets.Tickets;

namespace ModularDesk.Tickets.Routing;

/// <summary>
/// Runs the Organizations module's <see cref="ITicketRouter"/> for one ticket and applies its decision (assignee,
/// team, priority, status, tags) with the fired rules, in one transaction that also removes the ticket's routing
/// request. Used by <see cref="RoutingWorker"/> for new tickets and by <c>POST /tickets/{id}/route</c>.
/// </summary>
internal sealed class TicketRouting(ILifetimeScope scope)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Routes the ticket; null when it does not exist (its request is dropped).</summary>
    /// <exception cref="RoutingUnavailableException">No router is registered in this host.</exception>
    public async Task<Ticket?> RouteAsync(Guid ticketId, ChangeActor actor, CancellationToken cancellationToken)
    {
        await using var lifetime = scope.BeginLifetimeScope();
        var db = lifetime.Resolve<TicketsDbContext>();
        var ticket = await db.Tickets.SingleOrDefaultAsync(t => t.Id == ticketId, cancellationToken);
        if (ticket is null)
        {
            await db.RoutingQueue.Where(r => r.TicketId == ticketId).ExecuteDeleteAsync(cancellationToken);
            return null;
        }

        var router = lifetime.ResolveOptional<ITicketRouter>() ?? throw new RoutingUnavailableException();
        var text = await db.Messages.AsNoTracking()
            .Where(m => m.TicketId == ticketId && m.Direction != MessageDirections.Internal)
            .OrderBy(m => m.Id)
            .Select(m => m.Text ?? m.Html)
            .FirstOrDefaultAsync(cancellationToken);
        var client = await lifetime.Resolve<IClientDirectory>().FindAsync(ticket.ClientId, cancellationToken);
        var decision = await router.RouteAsync(
            new TicketRoutingFacts(
                ticket.Id, ticket.OrganizationId, ticket.ChannelId, ticket.ChannelType, ticket.IsVip, ticket.Language,
                ticket.Subject, MessageHtml.ToPlainText(text) ?? text, client?.CustomerType, ticket.CreatedAt),
            cancellationToken);

        Apply(db, ticket, decision, actor);
        db.RoutingQueue.RemoveRange(db.RoutingQueue.Where(r => r.TicketId == ticketId));
        await db.SaveChangesAsync(cancellationToken);
        return ticket;
    }

    /// <summary>
    /// Routes a batch of new tickets with a fixed number of queries whatever its size (tickets, first messages,
    /// cards, then one transaction applying every decision and removing the requests); the router runs per ticket.
    /// Returns the tickets it could not route with why (the caller retries those alone); throws when the batch's
    /// transaction fails (e.g. a ticket changed meanwhile), so the caller can fall back to one by one.
    /// </summary>
    public async Task<IReadOnlyList<(Guid TicketId, Exception Error)>> RouteManyAsync(
        IReadOnlyList<Guid> ticketIds, ChangeActor actor, CancellationToken cancellationToken)
    {
        await using var lifetime = scope.BeginLifetimeScope();
        var router = lifetime.ResolveOptional<ITicketRouter>() ?? throw new RoutingUnavailableException();
        var db = lifetime.Resolve<TicketsDbContext>();
        var ids = ticketIds.ToList();
        var tickets = await db.Tickets.Where(t => ids.Contains(t.Id)).ToListAsync(cancellationToken);
        var texts = await db.Database.SqlQuery<FirstText>($"""
            SELECT DISTINCT ON (ticket_id) ticket_id AS "TicketId", coalesce(text, html) AS "Text"
            FROM tickets.messages WHERE ticket_id = ANY({ids.ToArray()}) AND direction <> 'internal'
            ORDER BY ticket_id, id
            """).ToDictionaryAsync(t => t.TicketId, t => t.Text, cancellationToken);
        var clients = (await lifetime.Resolve<IClientDirectory>()
                .FindManyAsync(tickets.Select(t => t.ClientId).Distinct().ToList(), cancellationToken))
            .ToDictionary(c => c.Id);

        var failures = new List<(Guid, Exception)>();
        var routed = new List<Guid>();
        foreach (var ticket in tickets)
        {
            try
            {
                var text = texts.GetValueOrDefault(ticket.Id);
                var decision = await router.RouteAsync(
                    new TicketRoutingFacts(
                        ticket.Id, ticket.OrganizationId, ticket.ChannelId, ticket.ChannelType, ticket.IsVip, ticket.Language,
                        ticket.Subject, MessageHtml.ToPlainText(text) ?? text, clients.GetValueOrDefault(ticket.ClientId)?.CustomerType,
                        ticket.CreatedAt),
                    cancellationToken);
                Apply(db, ticket, decision, actor);
                routed.Add(ticket.Id);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                failures.Add((ticket.Id, ex));
            }
        }

        // Requests whose ticket is gone are dropped with the routed ones.
        var done = routed.Concat(ids.Except(tickets.Select(t => t.Id))).ToArray();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await db.RoutingQueue.Where(r => done.Contains(r.TicketId)).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return failures;
    }

    private sealed record FirstText(Guid TicketId, string? Text);

    private static void Apply(TicketsDbContext db, Ticket ticket, RoutingDecision decision, ChangeActor actor)
    {
        if (decision.AssigneeAgentId is { } agent)
        {
            ticket.AssigneeAgentId = agent;
        }

        if (decision.TeamId is { } team)
        {
            ticket.TeamId = team;
        }

        if (TicketPriorities.IsKnown(decision.Priority))
        {
            ticket.Priority = decision.Priority!;
        }

        if (TicketStatuses.IsKnown(decision.Status) && decision.Status != ticket.Status)
        {
            db.Publish(new TicketStatusChanged(ticket.Id, ticket.Number, ticket.ClientId, ticket.Status, decision.Status!, actor));
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
            decision.FiredRules.Select(r => new FiredRuleView(r.RuleId, r.Name, r.At.ToUniversalTime())), Json);
        ticket.UpdatedAt = DateTimeOffset.UtcNow;
    }
}

/// <summary>A rule that fired, as the ticket shows it.</summary>
internal sealed record FiredRuleView(Guid RuleId, string Name, DateTimeOffset At);

/// <summary>The Organizations module (the router) is not part of this host.</summary>
internal sealed class RoutingUnavailableException() : Exception("No ticket router is registered.");
