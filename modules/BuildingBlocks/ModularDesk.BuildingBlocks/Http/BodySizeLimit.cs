namespace ModularDesk.BuildingBlocks.Http;

/// <summary>Endpoint metadata raising (or lowering) the host's default request body limit.</summary>
public sealed record BodySizeLimit(long Bytes);
