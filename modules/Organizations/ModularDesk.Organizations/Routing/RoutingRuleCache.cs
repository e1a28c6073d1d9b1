using ModularDesk.Organizations.Persistence;
using ModularDesk.Organizations.Settings;
using Npgsql;

namespace ModularDesk.Organizations.Routing;

/// <summary>
/// Each host's copy of the enabled rules (compiled) and the routing settings. Every routed ticket reads the routing
/// version (one primary-key row); the copy is reloaded only when it moved, so a change made on any host applies to
/// the next ticket everywhere, and the common case costs one tiny query.
/// </summary>
internal sealed class RoutingRuleCache(NpgsqlDataSource dataSource, SettingsStore settings)
{
    private readonly SemaphoreSlim reload = new(1, 1);
    private volatile RoutingSnapshot? snapshot;

    public void Invalidate() => snapshot = null;

    /// <summary>The current rules; the version is read on <paramref name="transaction"/> when one is given.</summary>
    public async Task<RoutingSnapshot> GetAsync(NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        var version = await ReadVersionAsync(transaction, cancellationToken);
        var current = snapshot;
        if (current is not null && current.Version == version)
        {
            return current;
        }

        await reload.WaitAsync(cancellationToken);
        try
        {
            current = snapshot;
            if (current is not null && current.Version >= version)
            {
                return current;
            }

            // Read after the version: the rules are at least as new as the version they are filed under.
            var loaded = await LoadAsync(version, cancellationToken);
            snapshot = loaded;
            return loaded;
        }
        finally
        {
            reload.Release();
        }
    }

    private async Task<long> ReadVersionAsync(NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = transaction is null ? dataSource.CreateCommand() : new NpgsqlCommand { Connection = transaction.Connection, Transaction = transaction };
        command.CommandText = $"SELECT version FROM {OrganizationsDbContext.SchemaName}.routing_version WHERE id = {RoutingVersion.SingletonId}";
        return await command.ExecuteScalarAsync(cancellationToken) is long version ? version : 0;
    }

    private async Task<RoutingSnapshot> LoadAsync(long version, CancellationToken cancellationToken)
    {
        var organizationRules = new Dictionary<Guid, List<CompiledRule>>();
        var deskRules = new List<CompiledRule>();
        var broken = new List<string>();
        await using (var command = dataSource.CreateCommand(
                         $"""
                          SELECT id, name, "order", stop_processing, organization_id, conditions::text, actions::text
                          FROM {OrganizationsDbContext.SchemaName}.routing_rules
                          WHERE enabled
                          ORDER BY "order", id
                          """))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var rule = new RoutingRule
                {
                    Id = reader.GetGuid(0),
                    Name = reader.GetString(1),
                    Order = reader.GetInt32(2),
                    StopProcessing = reader.GetBoolean(3),
                    OrganizationId = reader.IsDBNull(4) ? null : reader.GetGuid(4),
                    Conditions = reader.GetString(5),
                    Actions = reader.GetString(6),
                };
                var compiled = RuleDefinition.Compile(rule);
                if (compiled is null)
                {
                    broken.Add($"Rule \"{rule.Name}\" ({rule.Id}) no longer reads and was skipped.");
                }
                else if (compiled.OrganizationId is { } organizationId)
                {
                    if (!organizationRules.TryGetValue(organizationId, out var list))
                    {
                        organizationRules[organizationId] = list = [];
                    }

                    list.Add(compiled);
                }
                else
                {
                    deskRules.Add(compiled);
                }
            }
        }

        var routingSettings = await settings.GetRoutingSettingsAsync(cancellationToken);
        return new RoutingSnapshot(version, organizationRules, deskRules, routingSettings, broken);
    }
}

/// <summary>The enabled rules in run order, by organization and desk-wide, with the settings they need.</summary>
internal sealed record RoutingSnapshot(
    long Version,
    IReadOnlyDictionary<Guid, List<CompiledRule>> OrganizationRules,
    IReadOnlyList<CompiledRule> DeskRules,
    RoutingSettings Settings,
    IReadOnlyList<string> BrokenRules)
{
    /// <summary>Some enabled rule has a <c>customerType</c> condition (the router then needs the cards' types).</summary>
    public bool UsesCustomerType { get; } =
        OrganizationRules.Values.SelectMany(r => r).Concat(DeskRules).Any(r => r.Conditions.Any(c => c.Field == "customerType"));

    /// <summary>The organization's rules first, then the desk-wide ones, each in order.</summary>
    public IEnumerable<CompiledRule> RulesFor(Guid? organizationId) =>
        organizationId is { } id && OrganizationRules.TryGetValue(id, out var own) ? own.Concat(DeskRules) : DeskRules;
}
