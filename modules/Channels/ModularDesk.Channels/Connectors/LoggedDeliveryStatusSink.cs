using Microsoft.Extensions.Logging;
using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Channels.Connectors;

/// <summary>
/// Delivery news until the outbound queue exists (a later issue stores it against the sent message and
/// publishes events): recorded in the log only, so connectors can already report.
/// </summary>
internal sealed partial class LoggedDeliveryStatusSink(Guid channelId, ILogger logger) : IDeliveryStatusSink
{
    public Task ReportAsync(DeliveryStatusUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        LogStatus(channelId, update.ExternalMessageId, update.Status);
        return Task.CompletedTask;
    }

    public Task MarkContactUnreachableAsync(ContactAddress contact, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contact);
        LogUnreachable(channelId, contact.Kind, reason);
        return Task.CompletedTask;
    }

    [LoggerMessage(LogLevel.Information, "Channel {ChannelId}: message {ExternalMessageId} is now {Status}")]
    private partial void LogStatus(Guid channelId, string externalMessageId, DeliveryStatus status);

    [LoggerMessage(LogLevel.Information, "Channel {ChannelId}: a {Kind} contact is unreachable: {Reason}")]
    private partial void LogUnreachable(Guid channelId, SenderKind kind, string reason);
}
