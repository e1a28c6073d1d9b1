using Microsoft.EntityFrameworkCore;
using ModularDesk.Clients.Contracts.Ports;
using ModularDesk.Organizations.Contracts.Routing;
using ModularDesk.Tickets.Persistence;
using ModularDesk.Tickets.Tickets;

namespace ModularDesk.Tickets.Lifecycle;

/// <summary>Clients' merge preview: how many tickets and messages a card has here.</summary>
internal sealed class ClientActivity(TicketsDbContext db) : IClientActivity
{
    public async Task<ClientActivityCounts> CountAsync(Guid clientId, CancellationToken cancellationToken = default)
    {
        var tickets = await db.Tickets.CountAsync(t => t.ClientId == clientId, cancellationToken);
        var messages = await db.Messages.CountAsync(m => m.ClientId == clientId, cancellationToken);
        return new ClientActivityCounts(tickets, messages);
    }
}

/// <summary>Least-loaded routing: tickets each agent has in new, open or pending.</summary>
internal sealed class AgentWorkload(TicketsDbContext db) : IAgentWorkload
{
    public async Task<IReadOnlyDictionary<Guid, int>> CountOpenTicketsAsync(
        IReadOnlyCollection<Guid> agentIds, CancellationToken cancellationToken = default)
    {
        var ids = agentIds.Distinct().ToList();
        var active = TicketStatuses.Active;
        var counts = await db.Tickets.AsNoTracking()
            .Where(t => t.AssigneeAgentId != null && ids.Contains(t.AssigneeAgentId.Value) && active.Contains(t.Status))
            .GroupBy(t => t.AssigneeAgentId!.Value)
            .Select(g => new { AgentId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.AgentId, g => g.Count, cancellationToken);
        return ids.ToDictionary(id => id, id => counts.GetValueOrDefault(id));
    }
}
