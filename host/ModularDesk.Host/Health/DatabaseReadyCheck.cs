using Microsoft.Extensions.Diagnostics.HealthChecks;
using ModularDesk.BuildingBlocks.Persistence;
using Npgsql;

namespace ModularDesk.Host.Health;

/// <summary>Ready = this process has run every module's migrations and the database answers now.</summary>
internal sealed class DatabaseReadyCheck(DatabaseReadiness readiness, NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!readiness.IsMigrated)
        {
            return HealthCheckResult.Unhealthy("Migrations have not run yet.");
        }

        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (NpgsqlException ex)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", ex);
        }
    }
}
