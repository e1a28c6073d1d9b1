namespace ModularDesk.Plugins.Sdk;

/// <summary>Things a connector noticed about an inbound message.</summary>
[Flags]
public enum InboundFlags
{
    /// <summary>Nothing special.</summary>
    None = 0,

    /// <summary>The message could not be parsed fully (broken MIME); what could be read is in the message.</summary>
    Malformed = 1,

    /// <summary>An automatic reply (out-of-office, <c>Auto-Submitted</c>); never answer it automatically.</summary>
    AutoReply = 2,

    /// <summary>A delivery failure report for a message the desk sent.</summary>
    Bounce = 4,

    /// <summary>Larger than the connector's limits; content was cut or attachments left out.</summary>
    Truncated = 8,
}
