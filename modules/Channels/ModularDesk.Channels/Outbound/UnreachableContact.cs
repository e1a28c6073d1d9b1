namespace ModularDesk.Channels.Outbound;

/// <summary>
/// An address a connector reported as unreachable on a channel (hard bounce, bot blocked). A later inbound
/// message from the same address (<see cref="ContactLastInbound"/> newer than <see cref="MarkedAt"/>) lifts it.
/// </summary>
internal sealed class UnreachableContact
{
    public Guid ChannelId { get; set; }

    public string AddressKey { get; set; } = "";

    public string Reason { get; set; } = "";

    public DateTimeOffset MarkedAt { get; set; }
}
