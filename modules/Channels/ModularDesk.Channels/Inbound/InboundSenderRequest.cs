namespace ModularDesk.Channels.Inbound;

/// <summary>The <c>from</c> of <c>POST /api/v1/inbound</c>.</summary>
internal sealed record InboundSenderRequest(
    string? Kind, string? Value, string? Messenger, string? DisplayName, string? AvatarUrl, string? LanguageHint);
