using ModularDesk.BuildingBlocks.Outbox;
using Npgsql;

namespace ModularDesk.BuildingBlocks.Tests.Outbox;

/// <summary>
/// Runs after <see cref="TicketClosedHandler"/> (or the run of <see cref="TicketNotedHandler"/>) has committed its
/// change: on the configured event it cuts every other database connection of this "process", the dispatcher's
/// included, so the process dies exactly between a handler's commit and the outbox row being marked delivered.
/// </summary>
internal sealed class PowerCut<TEvent>(NpgsqlDataSource dataSource, PowerCutSwitch powerCutSwitch) : IIntegrationEventHandler<TEvent>
    where TEvent : ModularDesk.BuildingBlocks.Contracts.IIntegrationEvent
{
    public async Task HandleAsync(TEvent integrationEvent, CancellationToken cancellationToken)
    {
        if (!powerCutSwitch.Trips())
        {
            return;
        }

        await using var command = dataSource.CreateCommand(
            """
            SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
            WHERE application_name = current_setting('application_name') AND pid <> pg_backend_pid()
            """);
        await command.ExecuteScalarAsync(cancellationToken);
    }
}

/// <summary>Trips once, on the N-th event it sees; never when N is null.</summary>
internal sealed class PowerCutSwitch(int? atEvent)
{
    private int seen;

    public bool Trips() => atEvent is { } n && Interlocked.Increment(ref seen) == n;
}
