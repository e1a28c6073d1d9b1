namespace ModularDesk.Clients.Cards;

/// <summary>Where a field's value came from and when (C22).</summary>
/// <param name="Source"><c>channel</c>, <c>agent</c>, <c>import</c>, <c>api</c> or <c>merge</c>.</param>
internal sealed record FieldSource(string Source, DateTimeOffset At, Guid? ActorId = null);
