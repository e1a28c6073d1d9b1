using System.Reflection;
using System.Text.Json;
using Autofac;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModularDesk.BuildingBlocks.Contracts;
using ModularDesk.BuildingBlocks.Persistence;
using Npgsql;

namespace ModularDesk.BuildingBlocks.Outbox;

/// <summary>
/// Delivers every module's outbox to the integration-event handlers, at least once.
/// A batch is claimed with <c>FOR UPDATE SKIP LOCKED</c> (so several hosts share the work) and
/// marked delivered only after its handlers ran; if the process dies in between, the row lock
/// goes with the connection and the batch is delivered again, where idempotent handlers skip it.
/// </summary>
public sealed partial class OutboxDispatcher(
    ILifetimeScope scope,
    IEnumerable<ModuleDatabase> databases,
    NpgsqlDataSource dataSource,
    DatabaseReadiness readiness,
    OutboxOptions options,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private static readonly MethodInfo HandleMethod =
        typeof(OutboxDispatcher).GetMethod(nameof(HandleWithAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!readiness.IsMigrated)
        {
            await Task.Delay(options.PollInterval, stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var delivered = 0;
            foreach (var database in databases)
            {
                try
                {
                    delivered += await DispatchBatchAsync(database.Schema, stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogBatchFailed(ex, database.Schema);
                }
            }

            if (delivered == 0)
            {
                await Task.Delay(options.PollInterval, stoppingToken);
            }
        }
    }

    /// <summary>Claims and delivers one batch of the given module's outbox; returns how many were handled.</summary>
    public async Task<int> DispatchBatchAsync(string schema, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var batch = await ClaimBatchAsync(connection, schema, cancellationToken);
        foreach (var message in batch)
        {
            var error = await DeliverAsync(message, cancellationToken);
            await RecordOutcomeAsync(connection, schema, message, error, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return batch.Count;
    }

    private async Task<List<ClaimedMessage>> ClaimBatchAsync(
        NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
             SELECT id, event_type, payload::text, attempts FROM "{schema}".outbox_messages
             WHERE processed_at IS NULL AND next_attempt_at <= now()
             ORDER BY next_attempt_at, occurred_at
             LIMIT @limit
             FOR UPDATE SKIP LOCKED
             """, connection);
        command.Parameters.AddWithValue("limit", options.BatchSize);
        var batch = new List<ClaimedMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            batch.Add(new ClaimedMessage(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
        }

        return batch;
    }

    private async Task<string?> DeliverAsync(ClaimedMessage message, CancellationToken cancellationToken)
    {
        try
        {
            // Inside the try: an unloadable type or unreadable payload is recorded and retried like a
            // failing handler, instead of rolling back the batch and blocking the module's outbox on every poll.
            var eventType = Type.GetType(message.EventType, throwOnError: false);
            if (eventType is null || !typeof(IIntegrationEvent).IsAssignableFrom(eventType))
            {
                return $"Unknown event type '{message.EventType}'.";
            }

            var integrationEvent = JsonSerializer.Deserialize(message.Payload, eventType, IntegrationEventJson.Options)
                ?? throw new JsonException("The payload is null.");
            await (Task)HandleMethod.MakeGenericMethod(eventType).Invoke(null, [scope, integrationEvent, cancellationToken])!;
            return null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogHandlerFailed(ex, message.EventType, message.Id);
            return ex.Message;
        }
    }

    /// <summary>
    /// Each handler runs in its own lifetime scope (its own DbContext), so one handler's
    /// failure leaves no half-made changes for the next one to save.
    /// </summary>
    private static async Task HandleWithAsync<TEvent>(
        ILifetimeScope root, TEvent integrationEvent, CancellationToken cancellationToken)
        where TEvent : IIntegrationEvent
    {
        int handlerCount;
        await using (var counting = root.BeginLifetimeScope())
        {
            handlerCount = counting.Resolve<IEnumerable<IIntegrationEventHandler<TEvent>>>().Count();
        }

        List<Exception>? failures = null;
        for (var i = 0; i < handlerCount; i++)
        {
            await using var handlerScope = root.BeginLifetimeScope();
            var handler = handlerScope.Resolve<IEnumerable<IIntegrationEventHandler<TEvent>>>().ElementAt(i);
            try
            {
                await handler.HandleAsync(integrationEvent, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                (failures ??= []).Add(ex);
            }
        }

        if (failures is not null)
        {
            throw new AggregateException($"{failures.Count} handler(s) failed: {failures[0].Message}", failures);
        }
    }

    /// <remarks>
    /// <c>clock_timestamp()</c>, not <c>now()</c>: <c>now()</c> is when the batch's transaction began,
    /// so after a slow batch a back-off counted from it would already have elapsed and the failed
    /// event would be retried at once.
    /// </remarks>
    private async Task RecordOutcomeAsync(
        NpgsqlConnection connection, string schema, ClaimedMessage message, string? error, CancellationToken cancellationToken)
    {
        await using var command = error is null
            ? new NpgsqlCommand(
                $"""UPDATE "{schema}".outbox_messages SET processed_at = clock_timestamp(), last_error = NULL WHERE id = @id""",
                connection)
            : new NpgsqlCommand(
                $"""
                 UPDATE "{schema}".outbox_messages
                 SET attempts = attempts + 1, last_error = @error, next_attempt_at = clock_timestamp() + @delay
                 WHERE id = @id
                 """, connection);
        command.Parameters.AddWithValue("id", message.Id);
        if (error is not null)
        {
            command.Parameters.AddWithValue("error", error);
            command.Parameters.AddWithValue("delay", options.RetryDelay(message.Attempts + 1));
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record ClaimedMessage(Guid Id, string EventType, string Payload, int Attempts);

    [LoggerMessage(LogLevel.Error, "Delivering the {Schema} outbox failed")]
    private partial void LogBatchFailed(Exception exception, string schema);

    [LoggerMessage(LogLevel.Warning, "A handler of {EventType} (event {EventId}) failed; it will be retried")]
    private partial void LogHandlerFailed(Exception exception, string eventType, Guid eventId);
}
