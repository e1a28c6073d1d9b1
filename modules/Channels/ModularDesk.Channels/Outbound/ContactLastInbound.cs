namespace ModularDesk.Channels.Outbound;

/// <summary>
/// When a sender last wrote on a channel (the start of the 24-hour messaging window on WhatsApp, Facebook and
/// Instagram). Upserted by the inbox writer in the same statement as the inbox row.
/// </summary>
internal sealed class ContactLastInbound
{
    public Guid ChannelId { get; set; }

    /// <summary>The normalized address (<see cref="ContactKey"/>).</summary>
    public string AddressKey { get; set; } = "";

    public DateTimeOffset LastInboundAt { get; set; }
}
