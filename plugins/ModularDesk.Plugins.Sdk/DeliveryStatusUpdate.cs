namespace ModularDesk.Plugins.Sdk;

/// <summary>News about one sent message.</summary>
/// <param name="ExternalMessageId">The id returned in <see cref="SendResult.Sent"/>.</param>
/// <param name="Status">What happened.</param>
/// <param name="At">When it happened, as the service reports it.</param>
/// <param name="Error">For <see cref="DeliveryStatus.Failed"/>: the service's reason.</param>
public sealed record DeliveryStatusUpdate(string ExternalMessageId, DeliveryStatus Status, DateTimeOffset At, string? Error = null);
