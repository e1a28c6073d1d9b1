namespace ModularDesk.Plugins.Sdk;

/// <summary>What became of a sent message.</summary>
public enum DeliveryStatus
{
    /// <summary>The service reports it reached the recipient's device or mailbox.</summary>
    Delivered,

    /// <summary>The recipient read it.</summary>
    Read,

    /// <summary>It could not be delivered (bounce, blocked, expired).</summary>
    Failed,
}
