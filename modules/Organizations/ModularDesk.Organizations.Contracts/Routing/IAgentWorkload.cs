namespace ModularDesk.Organizations.Contracts.Routing;

/// <summary>
/// Open tickets per agent, for least-loaded assignment; implemented by the Tickets module (which sits above
/// Organizations and registers it in the container).
/// </summary>
public interface IAgentWorkload
{
    Task<IReadOnlyDictionary<Guid, int>> CountOpenTicketsAsync(IReadOnlyCollection<Guid> agentIds, CancellationToken cancellationToken = default);
}
