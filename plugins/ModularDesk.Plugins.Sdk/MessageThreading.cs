namespace ModularDesk.Plugins.Sdk;

/// <summary>Threading hints for an outbound message, so the client's mail program or chat shows it in context.</summary>
/// <param name="InReplyTo">The external id of the message being answered (email <c>In-Reply-To</c>, Telegram reply-to id).</param>
/// <param name="References">External ids of earlier messages in the conversation, oldest first (email <c>References</c>).</param>
/// <param name="TicketNumber">The desk's ticket number, for connectors that put it in the subject (e.g. <c>[#1042]</c>).</param>
public sealed record MessageThreading(string? InReplyTo, IReadOnlyList<string> References, long? TicketNumber);
