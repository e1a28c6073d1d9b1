using System.Text.Json;
using ModularDesk.BuildingBlocks.Contracts;

namespace ModularDesk.BuildingBlocks.Outbox;

/// <summary>An integration event waiting in its publisher's schema until every handler has run.</summary>
public sealed class OutboxMessage
{
    public Guid Id { get; private set; }

    /// <summary>"Namespace.Type, Assembly": enough for <see cref="Type.GetType(string)"/> across versions.</summary>
    public string EventType { get; private set; } = "";

    public string Payload { get; private set; } = "";

    public DateTimeOffset OccurredAt { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    public int Attempts { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset? ProcessedAt { get; private set; }

    public static OutboxMessage From(IIntegrationEvent integrationEvent)
    {
        var type = integrationEvent.GetType();
        return new OutboxMessage
        {
            Id = integrationEvent.EventId,
            EventType = $"{type.FullName}, {type.Assembly.GetName().Name}",
            Payload = JsonSerializer.Serialize(integrationEvent, type, IntegrationEventJson.Options),
            OccurredAt = integrationEvent.OccurredAt,
            NextAttemptAt = integrationEvent.OccurredAt,
        };
    }
}
