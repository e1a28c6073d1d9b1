using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Outbox;
using ModularDesk.Channels.Contracts.Outbound;
using ModularDesk.Tickets.Persistence;

namespace ModularDesk.Tickets.Messages;

/// <summary>
/// T6: a reply's delivery status follows the channel's reports. Statuses only move forward (queued → sent →
/// delivered → read; failed ends it), so a late or repeated report changes nothing: naturally idempotent.
/// </summary>
internal sealed class OutboundStatusChangedHandler(TicketsDbContext db) : IIntegrationEventHandler<OutboundStatusChanged>
{
    public async Task HandleAsync(OutboundStatusChanged integrationEvent, CancellationToken cancellationToken)
    {
        if (integrationEvent.TicketMessageId is not { } messageId)
        {
            return;
        }

        var message = await db.Messages.SingleOrDefaultAsync(m => m.Id == messageId, cancellationToken);
        if (message is null || DeliveryStatuses.Rank(integrationEvent.Status) <= DeliveryStatuses.Rank(message.DeliveryStatus))
        {
            return;
        }

        message.DeliveryStatus = integrationEvent.Status;
        message.DeliveryReason = integrationEvent.Reason;
        message.DeliveryUpdatedAt = integrationEvent.At.ToUniversalTime();
        message.OutboundId ??= integrationEvent.OutboundId;
        await db.SaveChangesAsync(cancellationToken);
    }
}
