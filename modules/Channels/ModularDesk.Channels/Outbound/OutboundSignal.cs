using ModularDesk.BuildingBlocks.Background;

namespace ModularDesk.Channels.Outbound;

/// <summary>A message was queued here: wakes this host's sender, so it goes out at once instead of at the next poll.</summary>
internal sealed class OutboundSignal : WakeSignal;
