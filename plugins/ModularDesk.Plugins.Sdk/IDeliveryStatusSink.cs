namespace ModularDesk.Plugins.Sdk;

/// <summary>Where a connector reports what happened to messages after they were sent.</summary>
public interface IDeliveryStatusSink
{
    /// <summary>Records news about a sent message (from a status webhook, a read receipt, a bounce).</summary>
    /// <param name="update">Which message and what happened.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the update is stored.</returns>
    Task ReportAsync(DeliveryStatusUpdate update, CancellationToken cancellationToken);

    /// <summary>
    /// Marks an address as unreachable on this channel (a hard email bounce, a user who blocked the
    /// bot), so the desk stops offering it and tells agents why.
    /// </summary>
    /// <param name="contact">The address.</param>
    /// <param name="reason">Why, in words an agent understands ("mailbox does not exist").</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the mark is stored.</returns>
    Task MarkContactUnreachableAsync(ContactAddress contact, string reason, CancellationToken cancellationToken);
}
