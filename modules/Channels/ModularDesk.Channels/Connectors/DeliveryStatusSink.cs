using Autofac;
using ModularDesk.Channels.Outbound;
using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Channels.Connectors;

/// <summary>
/// The SDK's <see cref="IDeliveryStatusSink"/> for one channel: a report moves the outbound message with that
/// external id forward (delivered, read, failed; never back) and publishes <c>OutboundStatusChanged</c>; a report
/// for an id not recorded yet waits for the send to record it. An unreachable mark stops the queue accepting
/// messages to that address on this channel until the contact writes again.
/// </summary>
internal sealed class DeliveryStatusSink(Guid channelId, ILifetimeScope scope) : IDeliveryStatusSink
{
    public async Task ReportAsync(DeliveryStatusUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentException.ThrowIfNullOrWhiteSpace(update.ExternalMessageId);
        var status = update.Status switch
        {
            DeliveryStatus.Delivered => OutboundStatuses.Delivered,
            DeliveryStatus.Read => OutboundStatuses.Read,
            DeliveryStatus.Failed => OutboundStatuses.Failed,
            _ => throw new ArgumentOutOfRangeException(nameof(update), update.Status, "Unknown delivery status."),
        };
        var error = update.Error is { Length: > 1000 } full ? full[..1000] : update.Error;
        await using var call = scope.BeginLifetimeScope();
        await call.Resolve<OutboundStatusWriter>().ReportAsync(channelId, update.ExternalMessageId, status, update.At, error, cancellationToken);
    }

    public async Task MarkContactUnreachableAsync(ContactAddress contact, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contact);
        ArgumentException.ThrowIfNullOrWhiteSpace(contact.Value);
        await using var call = scope.BeginLifetimeScope();
        await call.Resolve<OutboundStatusWriter>().MarkUnreachableAsync(
            channelId, ContactKey.From(contact), string.IsNullOrWhiteSpace(reason) ? "unreachable" : reason.Trim(), cancellationToken);
    }
}
