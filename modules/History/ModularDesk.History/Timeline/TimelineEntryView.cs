namespace ModularDesk.History.Timeline;

/// <summary>
/// One timeline entry as the API shows it (H1). <see cref="Author"/> and <see cref="Recipient"/> are current names
/// ("Anna Silva wrote to Jan Kowalski"); <see cref="Rating"/> is a chat's rating (H5); <see cref="DeliveryStatus"/>
/// the delivery of an outgoing message.
/// </summary>
internal sealed record TimelineEntryView(
    Guid Id,
    DateTimeOffset At,
    string Kind,
    string? Channel,
    Guid? ChannelId,
    Guid? TicketId,
    long? TicketNumber,
    string? Subject,
    string? Excerpt,
    string? Direction,
    string? Author,
    string? Recipient,
    Guid ClientId,
    Guid OriginalClientId,
    Guid? OrganizationId,
    string? Rating,
    string? DeliveryStatus,
    string? DeliveryReason,
    bool Redacted);
