using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Persistence;
using ModularDesk.History.Changes;
using ModularDesk.History.EventLog;
using ModularDesk.History.Merges;
using ModularDesk.History.Names;
using ModularDesk.History.Outbound;
using ModularDesk.History.Rebuild;
using ModularDesk.History.Tickets;
using ModularDesk.History.Timeline;

namespace ModularDesk.History.Persistence;

/// <summary>
/// The History schema: read models projected from other modules' events (timeline, card changes, outbound history,
/// the names they show, ticket facts, merges) and the append-only event log they can be rebuilt from.
/// </summary>
internal sealed class HistoryDbContext(DbContextOptions<HistoryDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "history";

    public override string Schema => SchemaName;

    public DbSet<TimelineEntry> TimelineEntries => Set<TimelineEntry>();

    public DbSet<CardChange> CardChanges => Set<CardChange>();

    public DbSet<OutboundRecord> OutboundMessages => Set<OutboundRecord>();

    public DbSet<KnownName> Names => Set<KnownName>();

    public DbSet<TicketFacts> Tickets => Set<TicketFacts>();

    public DbSet<ClientMerge> Merges => Set<ClientMerge>();

    public DbSet<MergeMove> MergeMoves => Set<MergeMove>();

    public DbSet<LoggedEvent> EventLog => Set<LoggedEvent>();

    public DbSet<RebuildRun> RebuildRuns => Set<RebuildRun>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(HistoryDbContext).Assembly);
    }
}
