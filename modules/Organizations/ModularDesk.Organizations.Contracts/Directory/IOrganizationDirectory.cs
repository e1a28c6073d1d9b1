namespace ModularDesk.Organizations.Contracts.Directory;

/// <summary>What other modules may read about organizations.</summary>
public interface IOrganizationDirectory
{
    Task<OrganizationSummary?> FindAsync(Guid organizationId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<OrganizationSummary>> FindManyAsync(IReadOnlyCollection<Guid> organizationIds, CancellationToken cancellationToken = default);
}
