using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Contracts;
using ModularDesk.BuildingBlocks.Outbox;

namespace ModularDesk.BuildingBlocks.Tests.Outbox;

internal sealed record TicketOpened(Guid TicketId) : IntegrationEvent;

internal sealed record TicketEscalated(Guid TicketId) : IntegrationEvent;

internal sealed record TicketClosed(Guid TicketId) : IntegrationEvent;

internal sealed record TicketsMerged(Guid SurvivorId, Guid MergedId) : IntegrationEvent;

/// <summary>The n-th note on a ticket: many per ticket, so they arrive in runs.</summary>
internal sealed record TicketNoted(Guid TicketId, int Number) : IntegrationEvent;

/// <summary>Records each application of an event; slow enough that a kill lands mid-batch.</summary>
internal sealed class TicketOpenedHandler(DeskDbContext context) : IdempotentEventHandler<TicketOpened, DeskDbContext>(context)
{
    protected override async Task ApplyAsync(TicketOpened integrationEvent, CancellationToken cancellationToken)
    {
        await Context.Database.ExecuteSqlRawAsync("SELECT pg_sleep(0.002)", cancellationToken);
        Context.HandledEvents.Add(new HandledEvent { Id = Guid.NewGuid(), EventId = integrationEvent.EventId, Handler = nameof(TicketOpenedHandler) });
    }
}

/// <summary>Switched from the test: fails while <see cref="Failing"/> is set.</summary>
internal sealed class EscalationDesk
{
    public volatile bool Failing = true;

    /// <summary>When the handler last refused an escalation (the failure the back-off counts from).</summary>
    public DateTimeOffset? LastRefusedAt { get; set; }
}

internal sealed class TicketEscalatedHandler(DeskDbContext context, EscalationDesk desk)
    : IdempotentEventHandler<TicketEscalated, DeskDbContext>(context)
{
    protected override Task ApplyAsync(TicketEscalated integrationEvent, CancellationToken cancellationToken)
    {
        Context.HandledEvents.Add(new HandledEvent { Id = Guid.NewGuid(), EventId = integrationEvent.EventId, Handler = nameof(TicketEscalatedHandler) });
        if (desk.Failing)
        {
            desk.LastRefusedAt = DateTimeOffset.UtcNow;
            throw new InvalidOperationException("The escalation desk is closed");
        }

        return Task.CompletedTask;
    }
}

internal sealed class TicketClosedHandler(DeskDbContext context) : IdempotentEventHandler<TicketClosed, DeskDbContext>(context)
{
    protected override Task ApplyAsync(TicketClosed integrationEvent, CancellationToken cancellationToken)
    {
        Context.HandledEvents.Add(new HandledEvent { Id = Guid.NewGuid(), EventId = integrationEvent.EventId, Handler = nameof(TicketClosedHandler) });
        return Task.CompletedTask;
    }
}

/// <summary>Takes long enough that a later event in the same batch fails well after the batch began.</summary>
internal sealed class TicketsMergedHandler(DeskDbContext context) : IdempotentEventHandler<TicketsMerged, DeskDbContext>(context)
{
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(2.5);

    protected override async Task ApplyAsync(TicketsMerged integrationEvent, CancellationToken cancellationToken)
    {
        await Context.Database.ExecuteSqlAsync($"SELECT pg_sleep({Duration.TotalSeconds})", cancellationToken);
        Context.HandledEvents.Add(new HandledEvent { Id = Guid.NewGuid(), EventId = integrationEvent.EventId, Handler = nameof(TicketsMergedHandler) });
    }
}

/// <summary>Switched from the test: the note numbers the handler refuses (a poison event) until they are removed.</summary>
internal sealed class NoteDesk
{
    public HashSet<int> Refused { get; } = [];

    public bool Refuses(int number)
    {
        lock (Refused)
        {
            return Refused.Contains(number);
        }
    }
}

/// <summary>
/// Takes runs: applies them with one insert per note on the run's transaction (the identity records the order of
/// application), and fails the whole run when one of its notes is refused.
/// </summary>
internal sealed class TicketNotedHandler(DeskDbContext context, NoteDesk desk)
    : IdempotentEventHandler<TicketNoted, DeskDbContext>(context), IBatchIntegrationEventHandler<TicketNoted>
{
    protected override Task ApplyAsync(TicketNoted integrationEvent, CancellationToken cancellationToken) =>
        ApplyManyAsync([integrationEvent], cancellationToken);

    protected override async Task ApplyManyAsync(IReadOnlyList<TicketNoted> integrationEvents, CancellationToken cancellationToken)
    {
        foreach (var note in integrationEvents)
        {
            if (desk.Refuses(note.Number))
            {
                throw new InvalidOperationException($"Note {note.Number} is refused");
            }

            await Context.Database.ExecuteSqlAsync(
                $"INSERT INTO outbox_tests.applied_notes (event_id, number, run_size) VALUES ({note.EventId}, {note.Number}, {integrationEvents.Count})",
                cancellationToken);
        }
    }
}
