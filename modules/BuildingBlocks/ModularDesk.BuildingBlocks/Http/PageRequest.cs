namespace ModularDesk.BuildingBlocks.Http;

/// <summary><c>?limit=</c> (default 25, at most 200) and <c>?cursor=</c> as every list reads them.</summary>
public readonly record struct PageRequest(int Limit, string? Cursor)
{
    public const int DefaultLimit = 25;
    public const int MaxLimit = 200;

    public static PageRequest From(int? limit, string? cursor) =>
        new(Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit), string.IsNullOrWhiteSpace(cursor) ? null : cursor);
}
