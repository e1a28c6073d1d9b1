using System.Text.Json;
using Autofac;
using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Contracts;
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
        var decision = await router.RouteAsync(Facts(ticket, text), cancellationToken);

        Apply(db, ticket, decision, actor);
        db.RoutingQueue.RemoveRange(db.RoutingQueue.Where(r => r.TicketId == ticketId));
        await db.SaveChangesAsync(cancellationToken);
        return ticket;
    }

    /// <summary>
    /// Routes a batch of new tickets with a fixed number of queries whatever its size (tickets, first messages,
    /// the router's batch call, then one transaction applying every decision and removing the requests,
    /// those of tickets that are gone included). Throws when any of it fails (the router, or a ticket changed
    /// meanwhile), so the caller can fall back to one ticket at a time and isolate the one that fails.
    /// </summary>
    public async Task RouteManyAsync(
        IReadOnlyList<Guid> ticketIds, ChangeActor actor, CancellationToken cancellationToken)
    {
        await using var lifetime = scope.BeginLifetimeScope();
        var router = lifetime.ResolveOptional<ITicketRouter>() ?? throw new RoutingUnavailableException();
        var db = lifetime.Resolve<TicketsDbContext>();
        var ids = ticketIds.ToList();
        // In filing order: round-robin hands out turns in this order.
        var tickets = await db.Tickets.Where(t => ids.Contains(t.Id)).OrderBy(t => t.Number).ToListAsync(cancellationToken);
        var texts = await db.Database.SqlQuery<FirstText>($"""
            SELECT DISTINCT ON (ticket_id) ticket_id, coalesce(text, html) AS text
            FROM tickets.messages WHERE ticket_id = ANY({ids.ToArray()}) AND direction <> 'internal'
            ORDER BY ticket_id, id
            """).ToDictionaryAsync(t => t.TicketId, t => t.Text, cancellationToken);
        var decisions = await router.RouteManyAsync(
            tickets.Select(t => Facts(t, texts.GetValueOrDefault(t.Id))).ToList(), cancellationToken);
        for (var i = 0; i < tickets.Count; i++)
        {
            Apply(db, tickets[i], decisions[i], actor);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await db.RoutingQueue.Where(r => ids.Contains(r.TicketId)).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private sealed record FirstText(Guid TicketId, string? Text);

    /// <summary>
    /// What the router sees of a ticket: its fields, its first message as plain text, its client (the router reads the
    /// card's customer type itself when a rule asks for it).
    /// </summary>
    private static TicketRoutingFacts Facts(Ticket ticket, string? firstText) =>
        new(ticket.Id, ticket.OrganizationId, ticket.ChannelId, ticket.ChannelType, ticket.IsVip, ticket.Language,
            ticket.Subject, MessageHtml.ToPlainText(firstText) ?? firstText, null, ticket.CreatedAt, ticket.ClientId);

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
