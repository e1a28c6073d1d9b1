namespace ModularDesk.Plugins.Sdk;

/// <summary>The result of <see cref="IOutboundConnector.SendAsync"/>; create it with
/// <see cref="Sent"/>, <see cref="Failed"/> or <see cref="RetryLater"/>.</summary>
public sealed record SendResult
{
    private SendResult(SendOutcome outcome, string? externalMessageId, string? reason, bool permanent, TimeSpan? retryAfter)
    {
        Outcome = outcome;
        ExternalMessageId = externalMessageId;
        Reason = reason;
        IsPermanent = permanent;
        RetryAfter = retryAfter;
    }

    /// <summary>How the attempt ended.</summary>
    public SendOutcome Outcome { get; }

    /// <summary>For <see cref="SendOutcome.Sent"/>: the service's id of the message, used later in
    /// <see cref="IDeliveryStatusSink.ReportAsync"/> and to thread the client's reply.</summary>
    public string? ExternalMessageId { get; }

    /// <summary>For failures and retries: why, in words an agent can act on.</summary>
    public string? Reason { get; }

    /// <summary>For <see cref="SendOutcome.Failed"/>: whether retrying cannot help (unknown recipient,
    /// blocked bot, window closed). A non-permanent failure is retried with back-off.</summary>
    public bool IsPermanent { get; }

    /// <summary>For <see cref="SendOutcome.RetryLater"/>: how long the service asked to wait, when it said.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The service accepted the message.</summary>
    /// <param name="externalMessageId">The service's id of the message (email Message-ID, Telegram message id, WhatsApp wamid).</param>
    /// <returns>The result.</returns>
    public static SendResult Sent(string externalMessageId) => new(SendOutcome.Sent, externalMessageId, null, false, null);

    /// <summary>The message could not be sent.</summary>
    /// <param name="reason">Why, in words an agent can act on.</param>
    /// <param name="permanent">Whether retrying cannot help.</param>
    /// <returns>The result.</returns>
    public static SendResult Failed(string reason, bool permanent) => new(SendOutcome.Failed, null, reason, permanent, null);

    /// <summary>A temporary problem; the host retries later.</summary>
    /// <param name="reason">Why, for the log.</param>
    /// <param name="after">How long the service asked to wait (e.g. from <c>Retry-After</c>), or <see langword="null"/> for the host's back-off.</param>
    /// <returns>The result.</returns>
    public static SendResult RetryLater(string reason, TimeSpan? after = null) => new(SendOutcome.RetryLater, null, reason, false, after);
}
