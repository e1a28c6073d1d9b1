namespace ModularDesk.BuildingBlocks.Persistence;

/// <summary>Set once every module's migrations have run in this process; read by <c>/health/ready</c>.</summary>
public sealed class DatabaseReadiness
{
    private volatile bool _migrated;

    public bool IsMigrated => _migrated;

    public void MarkMigrated() => _migrated = true;
}
