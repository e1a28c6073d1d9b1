using ModularDesk.BuildingBlocks.Contracts;

namespace ModularDesk.Clients.Cards;

/// <summary>Who edits a card, as what provenance source (C22), and when.</summary>
internal sealed record EditContext(string Source, ChangeActor Actor, DateTimeOffset At)
{
    public FieldSource FieldSource => new(Source, At, Actor.Kind == "agent" ? Actor.Id : null);
}
