namespace ModularDesk.Clients.Contracts.CustomerTypes;

/// <summary>The admin-defined list of customer types (O8), shared by client and organization cards.</summary>
public interface ICustomerTypeCatalog
{
    /// <summary>Whether a customer type with this name exists (names compare case-insensitively).</summary>
    Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Every customer type's name, in the order the admin created them.</summary>
    Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default);
}
