namespace ModularDesk.Channels.Outbound;

/// <summary>A client's consent for one channel type (plugin id); the client id is opaque to Channels.</summary>
internal sealed class ClientConsentRecord
{
    public Guid ClientId { get; set; }

    public string ChannelType { get; set; } = "";

    public bool OptedOut { get; set; }

    public DateTimeOffset At { get; set; }

    public string Source { get; set; } = "";
}
