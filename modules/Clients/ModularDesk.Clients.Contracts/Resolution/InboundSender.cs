namespace ModularDesk.Clients.Contracts.Resolution;

/// <summary>The sender of an inbound message as the ingestion path hands it to Clients.</summary>
/// <param name="Kind"><c>email</c>, <c>phone</c>, <c>messenger</c>, <c>externalId</c> or <c>social</c>.</param>
/// <param name="Value">The address as received.</param>
/// <param name="ChannelId">The channel instance the message came in on (provenance).</param>
/// <param name="ChannelType">The channel's plugin id (<c>email</c>, <c>telegram</c>, …).</param>
public sealed record InboundSender(string Kind, string Value, Guid ChannelId, string ChannelType)
{
    /// <summary>For <c>messenger</c>: which one (<c>telegram</c>, <c>whatsapp</c>, …); for <c>externalId</c>: the source.</summary>
    public string? Messenger { get; init; }

    public string? DisplayName { get; init; }

    public string? AvatarUrl { get; init; }

    /// <summary>The channel's language hint (Telegram <c>language_code</c>, email Content-Language).</summary>
    public string? LanguageHint { get; init; }

    /// <summary>The message text, for language detection when the card has no language yet.</summary>
    public string? MessageText { get; init; }
}
