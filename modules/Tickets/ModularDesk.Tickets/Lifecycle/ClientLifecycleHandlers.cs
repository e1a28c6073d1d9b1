using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Outbox;
using ModularDesk.Clients.Contracts.Events;
using ModularDesk.Tickets.Contracts.Events;
using ModularDesk.Tickets.Messages;
using ModularDesk.Tickets.Persistence;
using ModularDesk.Tickets.Tickets;

namespace ModularDesk.Tickets.Lifecycle;

/// <summary>C16: a deleted card takes its tickets and every message from it with it.</summary>
internal sealed class ClientDeletedHandler(TicketsDbContext context) : IdempotentEventHandler<ClientDeleted, TicketsDbContext>(context)
{
    protected override string HandlerName => "tickets:client-deleted";

    protected override async Task ApplyAsync(ClientDeleted integrationEvent, CancellationToken cancellationToken)
    {
        var clientId = integrationEvent.ClientId;
        await Context.Attachments.Where(a => a.ClientId == clientId).ExecuteDeleteAsync(cancellationToken);
        await Context.Messages.Where(m => m.ClientId == clientId).ExecuteDeleteAsync(cancellationToken);
        await Context.Tickets.Where(t => t.ClientId == clientId).ExecuteDeleteAsync(cancellationToken);
    }
}

/// <summary>C13: the merged card's tickets move to the survivor; each move is remembered for an undo.</summary>
internal sealed class ClientsMergedHandler(TicketsDbContext context) : IdempotentEventHandler<ClientsMerged, TicketsDbContext>(context)
{
    protected override string HandlerName => "tickets:clients-merged";

    protected override async Task ApplyAsync(ClientsMerged integrationEvent, CancellationToken cancellationToken)
    {
        var (survivor, merged) = (integrationEvent.SurvivorId, integrationEvent.MergedId);
        var at = integrationEvent.OccurredAt.ToUniversalTime();
        var moved = await Context.Tickets.Where(t => t.ClientId == merged).Select(t => t.Id).ToListAsync(cancellationToken);
        // Guid.Empty marks when the merge happened, even when nothing moved (undo needs it for "tickets since").
        Context.MergeMoves.AddRange(moved.Append(Guid.Empty).Select(ticketId => new MergeMove
        {
            MergeId = integrationEvent.MergeId,
            TicketId = ticketId,
            FromClientId = merged,
            MovedAt = at,
        }));
        await Context.Tickets.Where(t => t.ClientId == merged)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ClientId, survivor), cancellationToken);
        await Context.Messages.Where(m => m.ClientId == merged)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClientId, survivor), cancellationToken);
        await Context.Attachments.Where(a => a.ClientId == merged)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ClientId, survivor), cancellationToken);
    }
}

/// <summary>
/// C14: the tickets a merge moved go back to the restored card, and so do the survivor's tickets created since the
/// merge whose first inbound message came from one of the restored identities.
/// </summary>
internal sealed class ClientMergeUndoneHandler(TicketsDbContext context) : IdempotentEventHandler<ClientMergeUndone, TicketsDbContext>(context)
{
    protected override string HandlerName => "tickets:client-merge-undone";

    protected override async Task ApplyAsync(ClientMergeUndone integrationEvent, CancellationToken cancellationToken)
    {
        var (survivor, restored) = (integrationEvent.SurvivorId, integrationEvent.RestoredId);
        var moves = await Context.MergeMoves.Where(m => m.MergeId == integrationEvent.MergeId).ToListAsync(cancellationToken);
        var mergedAt = moves.Count == 0 ? DateTimeOffset.MinValue : moves.Min(m => m.MovedAt);
        var ticketIds = moves.Where(m => m.TicketId != Guid.Empty).Select(m => m.TicketId).ToHashSet();

        var identities = integrationEvent.RestoredIdentities
            .Select(i => IdentityKey(i.Kind, i.Value, i.Scope)).ToHashSet(StringComparer.Ordinal);
        if (identities.Count > 0)
        {
            var since = await Context.Messages.AsNoTracking()
                .Where(m => m.Direction == MessageDirections.In && m.ClientId == survivor && m.SenderKind != null)
                .Join(Context.Tickets.Where(t => t.ClientId == survivor && t.CreatedAt >= mergedAt), m => m.TicketId, t => t.Id,
                    (m, t) => new { m.Id, m.TicketId, m.SenderKind, m.SenderValue, m.SenderScope })
                .ToListAsync(cancellationToken);
            foreach (var first in since.GroupBy(m => m.TicketId).Select(g => g.MinBy(m => m.Id)!))
            {
                if (identities.Contains(IdentityKey(first.SenderKind!, first.SenderValue ?? "", first.SenderScope)))
                {
                    ticketIds.Add(first.TicketId);
                }
            }
        }

        var candidates = ticketIds.ToList();
        var ids = await Context.Tickets.Where(t => candidates.Contains(t.Id) && t.ClientId == survivor)
            .Select(t => t.Id).ToListAsync(cancellationToken);
        await Context.Tickets.Where(t => ids.Contains(t.Id) && t.ClientId == survivor)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ClientId, restored), cancellationToken);
        await Context.Messages.Where(m => ids.Contains(m.TicketId) && m.ClientId == survivor)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClientId, restored), cancellationToken);
        await Context.Attachments.Where(a => ids.Contains(a.TicketId) && a.ClientId == survivor)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ClientId, restored), cancellationToken);
        await Context.MergeMoves.Where(m => m.MergeId == integrationEvent.MergeId).ExecuteDeleteAsync(cancellationToken);

        // Read models cannot tell identities: every ticket moved back is announced, in this transaction.
        foreach (var ticketId in ids)
        {
            Context.Publish(new TicketClientChanged(ticketId, survivor, restored, integrationEvent.Actor));
        }
    }

    /// <summary>Identities compared the way Clients normalizes them: emails lower-case, phones digits only.</summary>
    public static string IdentityKey(string kind, string value, string? scope)
    {
        var k = kind.Trim().ToLowerInvariant();
        var v = value.Trim();
        v = k switch
        {
            "email" => v.ToLowerInvariant(),
            "phone" => new string(v.Where(char.IsDigit).ToArray()),
            _ => v,
        };
        var s = k is "messenger" or "externalid" ? scope?.Trim().ToLowerInvariant() : null;
        return $"{k}|{s}|{v}";
    }
}

/// <summary>A card changed organization: its open tickets follow (resolved ones keep the organization they had).</summary>
internal sealed class ClientOrganizationChangedHandler(TicketsDbContext context)
    : IdempotentEventHandler<ClientOrganizationChanged, TicketsDbContext>(context)
{
    protected override string HandlerName => "tickets:client-organization-changed";

    protected override async Task ApplyAsync(ClientOrganizationChanged integrationEvent, CancellationToken cancellationToken)
    {
        // Only tickets still showing another organization: a new card's tickets are filed with it already, and a no-op
        // update would still make a new row version (a conflict for whoever is routing or editing them meanwhile).
        var active = TicketStatuses.Active;
        var organizationId = integrationEvent.ToOrganizationId;
        await Context.Tickets
            .Where(t => t.ClientId == integrationEvent.ClientId && active.Contains(t.Status) && t.OrganizationId != organizationId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.OrganizationId, organizationId), cancellationToken);
    }
}
