namespace ModularDesk.Channels.Outbound;

/// <summary>
/// A delivery report that arrived before the sender stored the external id it names (a fast status webhook
/// racing the send's commit). Applied when the sender records that id; otherwise removed after a day.
/// </summary>
internal sealed class PendingDeliveryReport
{
    public Guid ChannelId { get; set; }

    public string ExternalMessageId { get; set; } = "";

    public string Status { get; set; } = "";

    public DateTimeOffset At { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}
