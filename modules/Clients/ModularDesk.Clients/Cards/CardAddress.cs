namespace ModularDesk.Clients.Cards;

/// <summary>A structured postal address (C1). <see cref="Type"/> is <c>home</c>, <c>work</c>, <c>mail</c> or <c>other</c>.</summary>
internal sealed record CardAddress(
    string Type, IReadOnlyList<string> Lines, string? City, string? Region, string? PostalCode, string? Country);
