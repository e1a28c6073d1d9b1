namespace ModularDesk.Channels.Contracts.Inbox;

/// <summary>Who sent an inbound message (the <c>from</c> of <c>POST /api/v1/inbound</c>).</summary>
/// <param name="Kind"><c>email</c>, <c>phone</c>, <c>messenger</c>, <c>externalId</c> or <c>social</c>.</param>
/// <param name="Value">The address itself.</param>
public sealed record InboundSenderData(string Kind, string Value)
{
    public string? Messenger { get; init; }

    public string? DisplayName { get; init; }

    public string? AvatarUrl { get; init; }

    public string? LanguageHint { get; init; }
}
