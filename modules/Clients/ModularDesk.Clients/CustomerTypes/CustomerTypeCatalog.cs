using Microsoft.EntityFrameworkCore;
using ModularDesk.Clients.Contracts.CustomerTypes;
using ModularDesk.Clients.Persistence;

namespace ModularDesk.Clients.CustomerTypes;

internal sealed class CustomerTypeCatalog(ClientsDbContext db) : ICustomerTypeCatalog
{
    public Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default)
    {
        var key = CustomerTypeEndpoints.KeyOf(name);
        return db.Set<CustomerType>().AnyAsync(t => t.NameKey == key, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default) =>
        await db.Set<CustomerType>().AsNoTracking().OrderBy(t => t.CreatedAt).ThenBy(t => t.Id).Select(t => t.Name).ToListAsync(cancellationToken);
}
