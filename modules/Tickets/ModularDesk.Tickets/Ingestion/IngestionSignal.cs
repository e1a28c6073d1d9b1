using ModularDesk.BuildingBlocks.Background;

namespace ModularDesk.Tickets.Ingestion;

/// <summary>An inbox message arrived (<c>InboundMessageReceived</c>).</summary>
internal sealed class IngestionSignal : WakeSignal;
