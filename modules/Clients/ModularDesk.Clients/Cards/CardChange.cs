using System.Text.Json.Nodes;

namespace ModularDesk.Clients.Cards;

/// <summary>
/// One change to a card, published as <c>ClientCardChanged</c> (H3). <see cref="Before"/>/<see cref="After"/>
/// hold exactly what changed.
/// </summary>
internal sealed record CardChange(string Kind, string Summary, JsonObject? Before, JsonObject? After);
