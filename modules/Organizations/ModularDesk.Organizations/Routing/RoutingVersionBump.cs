using Microsoft.EntityFrameworkCore;
using ModularDesk.Organizations.Persistence;

namespace ModularDesk.Organizations.Routing;

internal static class RoutingVersionBump
{
    /// <summary>Moves the routing version inside the caller's transaction, so every host's rule cache reloads.</summary>
    public static Task BumpAsync(OrganizationsDbContext db, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync(
            $"UPDATE {OrganizationsDbContext.SchemaName}.routing_version SET version = version + 1", cancellationToken);
}
