namespace ModularDesk.Clients.Contracts.Ports;

/// <summary>
/// How much a card has in other modules (the merge preview's "moves"), implemented by the Tickets module, which
/// sits above Clients and registers this in the container.
/// </summary>
public interface IClientActivity
{
    Task<ClientActivityCounts> CountAsync(Guid clientId, CancellationToken cancellationToken = default);
}

/// <summary>Tickets and messages of one client.</summary>
public sealed record ClientActivityCounts(int Tickets, int Messages);
