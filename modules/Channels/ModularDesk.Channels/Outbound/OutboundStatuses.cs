namespace ModularDesk.Channels.Outbound;

/// <summary>The stored statuses of an outbound message, and their order: a status never moves back.</summary>
internal static class OutboundStatuses
{
    public const string Queued = "queued";
    public const string Sent = "sent";
    public const string Delivered = "delivered";
    public const string Read = "read";
    public const string Failed = "failed";
}
