namespace ModularDesk.Plugins.Sdk;

/// <summary>How a send attempt ended.</summary>
public enum SendOutcome
{
    /// <summary>The service accepted the message.</summary>
    Sent,

    /// <summary>The message could not be sent.</summary>
    Failed,

    /// <summary>A temporary problem (rate limit, service down); the host retries later.</summary>
    RetryLater,
}
