namespace ModularDesk.BuildingBlocks.Http;

/// <summary>The list shape of the API: a page of items and the cursor of the next one.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
