namespace ModularDesk.Clients.Contracts.Ports;

/// <summary>
/// What Clients needs from organizations, implemented by the Organizations module (which sits above Clients and
/// registers this in the container), so Clients never references it: the organization of an email's domain
/// (auto-created per O2 when the setting allows), and names for search and display.
/// </summary>
public interface IOrganizationLookup
{
    /// <summary>
    /// The organization an address at this domain belongs to, creating it when auto-creation is on and the
    /// domain is not free mail; null otherwise. Safe under concurrency (one organization per domain).
    /// </summary>
    Task<Guid?> ResolveForEmailAsync(string email, CancellationToken cancellationToken = default);

    /// <summary>Names of the given organizations (missing ids are left out).</summary>
    Task<IReadOnlyDictionary<Guid, string>> GetNamesAsync(IReadOnlyCollection<Guid> organizationIds, CancellationToken cancellationToken = default);

    /// <summary>Organizations whose name matches <paramref name="query"/> (typo-tolerant), best first.</summary>
    Task<IReadOnlyList<Guid>> SearchByNameAsync(string query, int limit, CancellationToken cancellationToken = default);
}
