using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Persistence;

namespace ModularDesk.BuildingBlocks.Tests.Outbox;

/// <summary>A test-only module: tickets (the business rows) and what its handlers did (the side effects).</summary>
internal sealed class DeskDbContext(DbContextOptions<DeskDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "outbox_tests";

    public override string Schema => SchemaName;

    public DbSet<DeskTicket> Tickets => Set<DeskTicket>();

    /// <summary>No unique key on the event id on purpose: a duplicate delivery shows up as a second row.</summary>
    public DbSet<HandledEvent> HandledEvents => Set<HandledEvent>();

    /// <summary>Notes in the order they were applied (identity), with the size of the run that applied each.</summary>
    public DbSet<AppliedNote> AppliedNotes => Set<AppliedNote>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<DeskTicket>().ToTable("tickets");
        modelBuilder.Entity<HandledEvent>().ToTable("handled_events");
        modelBuilder.Entity<AppliedNote>().ToTable("applied_notes").HasKey(n => n.Sequence);
    }
}

internal sealed class DeskTicket
{
    public Guid Id { get; set; }

    public string Subject { get; set; } = "";
}

internal sealed class HandledEvent
{
    public Guid Id { get; set; }

    public Guid EventId { get; set; }

    public string Handler { get; set; } = "";
}

internal sealed class AppliedNote
{
    public long Sequence { get; set; }

    public Guid EventId { get; set; }

    public int Number { get; set; }

    /// <summary>How many events the handler applied in that go: 1 when one at a time.</summary>
    public int RunSize { get; set; }
}
