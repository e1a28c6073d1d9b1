using System.Text.Json;

namespace ModularDesk.History.Changes;

/// <summary>Who made a change; <see cref="Name"/> is the agent's current name when the actor is an agent.</summary>
internal sealed record ChangeActorView(string Kind, Guid? Id, string Name);

/// <summary>One entry of a card's change history (H3).</summary>
internal sealed record CardChangeView(Guid Id, DateTimeOffset At, string Kind, ChangeActorView Actor, string Summary);

/// <summary>The drill-in: the entry with exactly what was there before and after (JSON objects, or null).</summary>
internal sealed record CardChangeDetailView(
    Guid Id, DateTimeOffset At, string Kind, ChangeActorView Actor, string Summary, JsonElement? Before, JsonElement? After);
