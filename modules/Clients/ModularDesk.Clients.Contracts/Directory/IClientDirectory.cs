namespace ModularDesk.Clients.Contracts.Directory;

/// <summary>What other modules may read about client cards.</summary>
public interface IClientDirectory
{
    /// <summary>The card with its contacts; null when there is none (deleted, merged away or never existed).</summary>
    Task<ClientSummary?> FindAsync(Guid clientId, CancellationToken cancellationToken = default);

    /// <summary>The cards among <paramref name="clientIds"/> that exist, in one query.</summary>
    Task<IReadOnlyList<ClientSummary>> FindManyAsync(IReadOnlyCollection<Guid> clientIds, CancellationToken cancellationToken = default);

    /// <summary>Ids of the organization's people (for "tickets of the organization and of all its people").</summary>
    Task<IReadOnlyList<Guid>> ListIdsInOrganizationAsync(Guid organizationId, CancellationToken cancellationToken = default);

    /// <summary>The organization's people, keyset-paged by id (after <paramref name="afterId"/>).</summary>
    Task<IReadOnlyList<ClientSummary>> ListInOrganizationAsync(
        Guid organizationId, Guid? afterId, int limit, CancellationToken cancellationToken = default);

    /// <summary>Cards with an email at <paramref name="domain"/> (lower-case, no @), for O3's "attach existing clients".</summary>
    Task<IReadOnlyList<ClientSummary>> ListWithEmailDomainAsync(string domain, int limit, CancellationToken cancellationToken = default);
}
