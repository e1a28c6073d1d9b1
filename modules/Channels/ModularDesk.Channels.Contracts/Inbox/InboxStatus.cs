namespace ModularDesk.Channels.Contracts.Inbox;

/// <summary>Where an inbox message is in its processing; stored and shown in lower case (<c>pending</c>).</summary>
public enum InboxStatus
{
    /// <summary>Stored, not yet turned into a ticket message (or waiting for a retry).</summary>
    Pending,

    /// <summary>Turned into a ticket message.</summary>
    Processed,

    /// <summary>Processing gave up; <c>error</c> says why.</summary>
    Failed,
}
