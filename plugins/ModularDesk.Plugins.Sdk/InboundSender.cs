namespace ModularDesk.Plugins.Sdk;

/// <summary>Who sent an inbound message, as the channel knows them.</summary>
/// <param name="Kind">What sort of address <paramref name="Value"/> is.</param>
/// <param name="Value">The sender's address: email, E.164 phone number, messenger user id, external id or profile URL.</param>
public sealed record InboundSender(SenderKind Kind, string Value)
{
    /// <summary>For <see cref="SenderKind.Messenger"/>: which one (<c>telegram</c>, <c>whatsapp</c>, <c>webwidget</c>).</summary>
    public string? Messenger { get; init; }

    /// <summary>The name the sender shows (email display name, Telegram first + last name).</summary>
    public string? DisplayName { get; init; }

    /// <summary>A URL of the sender's picture, when the service gives one.</summary>
    public string? AvatarUrl { get; init; }

    /// <summary>The sender's language as the service reports it (Telegram <c>language_code</c>), e.g. <c>pl</c>.</summary>
    public string? LanguageHint { get; init; }

    /// <summary>The sender's address, for replying or for <see cref="IDeliveryStatusSink.MarkContactUnreachableAsync"/>.</summary>
    /// <returns>The address.</returns>
    public ContactAddress ToAddress() => new(Kind, Value, Messenger);
}
