using ModularDesk.BuildingBlocks.Contracts;

namespace ModularDesk.Tickets.Contracts.Events;

/// <summary>
/// A ticket moved to another client: an agent's correction (T5), or an undone merge (C14) sending back a ticket that
/// arrived after the merge from one of the restored identities. Read models move its entries with it; they cannot
/// tell identities themselves, so Tickets publishes this for every ticket an undo moves back (for tickets the merge
/// itself moved it is harmless: History moves those back on <c>ClientMergeUndone</c> already).
/// </summary>
public sealed record TicketClientChanged(Guid TicketId, Guid FromClientId, Guid ToClientId, ChangeActor Actor) : IntegrationEvent;
