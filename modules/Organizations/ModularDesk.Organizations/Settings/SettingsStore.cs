using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;
using ModularDesk.Organizations.Persistence;

namespace ModularDesk.Organizations.Settings;

/// <summary>
/// Reads and writes the module's settings documents. Organization settings are on the ingestion hot path, so
/// each host keeps them for a few seconds (and drops them at once when it writes them itself).
/// </summary>
internal sealed class SettingsStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    internal static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private volatile CachedSettings? cached;

    public async ValueTask<OrganizationSettings> GetOrganizationSettingsAsync(CancellationToken cancellationToken)
    {
        var current = cached;
        var now = clock.GetUtcNow();
        if (current is not null && current.Until > now)
        {
            return current.Value;
        }

        var stored = await ReadAsync<StoredOrganizationSettings>(OrganizationSettings.Key, cancellationToken);
        var settings = stored is null
            ? OrganizationSettings.Default
            : new OrganizationSettings(
                stored.AutoCreateFromEmailDomain ?? true, stored.FreeMailDomains ?? Domains.FreeMailDomains.BuiltIn);
        cached = new CachedSettings(settings, now + CacheFor);
        return settings;
    }

    public async Task SaveOrganizationSettingsAsync(OrganizationSettings settings, CancellationToken cancellationToken)
    {
        await WriteAsync(
            OrganizationSettings.Key,
            new StoredOrganizationSettings(settings.AutoCreateFromEmailDomain, settings.FreeMailDomains),
            bumpRoutingVersion: false,
            cancellationToken);
        cached = null;
    }

    public async Task<RoutingSettings> GetRoutingSettingsAsync(CancellationToken cancellationToken) =>
        await ReadAsync<RoutingSettings>(RoutingSettings.Key, cancellationToken) ?? RoutingSettings.Default;

    /// <summary>Saves the routing settings and moves the routing version, so every host's router reloads them.</summary>
    public Task SaveRoutingSettingsAsync(RoutingSettings settings, CancellationToken cancellationToken) =>
        WriteAsync(RoutingSettings.Key, settings, bumpRoutingVersion: true, cancellationToken);

    private async Task<T?> ReadAsync<T>(string key, CancellationToken cancellationToken)
        where T : class
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT value::text FROM {OrganizationsDbContext.SchemaName}.settings WHERE key = $1");
        command.Parameters.AddWithValue(key);
        var value = await command.ExecuteScalarAsync(cancellationToken) as string;
        return value is null ? null : JsonSerializer.Deserialize<T>(value, Json);
    }

    private async Task WriteAsync<T>(string key, T value, bool bumpRoutingVersion, CancellationToken cancellationToken)
    {
        var schema = OrganizationsDbContext.SchemaName;
        await using var batch = dataSource.CreateBatch();
        var upsert = new NpgsqlBatchCommand(
            $"""
             INSERT INTO {schema}.settings (key, value, updated_at) VALUES ($1, $2::jsonb, now())
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
             """);
        upsert.Parameters.AddWithValue(key);
        upsert.Parameters.AddWithValue(JsonSerializer.Serialize(value, Json));
        batch.BatchCommands.Add(upsert);
        if (bumpRoutingVersion)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"UPDATE {schema}.routing_version SET version = version + 1"));
        }

        // A batch runs in one implicit transaction: the settings and the version move together.
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record CachedSettings(OrganizationSettings Value, DateTimeOffset Until);

    private sealed record StoredOrganizationSettings(bool? AutoCreateFromEmailDomain, IReadOnlyList<string>? FreeMailDomains);
}
