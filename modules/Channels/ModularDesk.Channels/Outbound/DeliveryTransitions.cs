namespace ModularDesk.Channels.Outbound;

/// <summary>
/// How delivery news moves a sent message: forward only (sent → delivered → read; a late "delivered" after "read"
/// only fills its time), and failed is final but cannot undo a read. Reports arrive out of order and twice; the
/// result is the same whatever the order.
/// </summary>
internal static class DeliveryTransitions
{
    /// <summary>Applies the report; true when the status changed (an event is due).</summary>
    public static bool Apply(OutboundRecord record, string status, DateTimeOffset at, string? error, DateTimeOffset now)
    {
        if (record.Status == OutboundStatuses.Failed)
        {
            return false;
        }

        var before = record.Status;
        switch (status)
        {
            case OutboundStatuses.Delivered:
                record.DeliveredAt ??= at;
                if (Rank(record.Status) < Rank(OutboundStatuses.Delivered))
                {
                    record.Status = OutboundStatuses.Delivered;
                }

                break;
            case OutboundStatuses.Read:
                record.DeliveredAt ??= at;
                record.ReadAt ??= at;
                record.Status = OutboundStatuses.Read;
                break;
            case OutboundStatuses.Failed when record.Status != OutboundStatuses.Read:
                record.Status = OutboundStatuses.Failed;
                record.FailedAt = at;
                record.Error = string.IsNullOrWhiteSpace(error) ? "The service reported the message as not delivered." : error;
                break;
        }

        if (record.Status == before)
        {
            return false;
        }

        record.StatusChangedAt = now;
        return true;
    }

    private static int Rank(string status) => status switch
    {
        OutboundStatuses.Queued => 0,
        OutboundStatuses.Sent => 1,
        OutboundStatuses.Delivered => 2,
        OutboundStatuses.Read => 3,
        _ => 4,
    };
}
