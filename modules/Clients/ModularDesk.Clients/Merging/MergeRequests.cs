using System.Text.Json;
using ModularDesk.Clients.Cards;

namespace ModularDesk.Clients.Merging;

internal sealed record MergeRequest(Guid? OtherClientId, Dictionary<string, string?>? Choices);

internal sealed record MergePreviewView(IReadOnlyList<MergeFieldView> Fields, IReadOnlyList<MergeContactView> Contacts, MergeMovesView Moves);

/// <param name="Default"><c>survivor</c> or <c>other</c>: the value kept unless the agent chooses otherwise.</param>
internal sealed record MergeFieldView(string Field, JsonElement SurvivorValue, JsonElement OtherValue, string Default);

/// <param name="From"><c>survivor</c> or <c>other</c>: the card the contact is on now.</param>
internal sealed record MergeContactView(Guid Id, string Kind, string Value, string Display, string? Label, string Source, string From);

internal sealed record MergeMovesView(int Tickets, int Messages, int Files, int Records);

internal sealed record MergeResultView(Guid MergeId, ClientCardView Client);

internal sealed record UndoResultView(Guid MergeId, ClientCardView Survivor, ClientCardView Restored);
