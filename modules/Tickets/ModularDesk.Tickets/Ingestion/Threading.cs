using System.Text.RegularExpressions;
using ModularDesk.Channels.Contracts.Inbox;
using ModularDesk.Tickets.Messages;

namespace ModularDesk.Tickets.Ingestion;

/// <summary>
/// T3's keys: email threads by Message-ID / In-Reply-To / References and a <c>[#number]</c> subject token;
/// messengers by conversation (channel + conversation id, or the sender when the channel has no conversations).
/// These are hints only: a message joins a ticket only when its sender is that ticket's client.
/// </summary>
internal static partial class Threading
{
    public static bool IsEmail(InboundMessageData message) =>
        string.Equals(message.From.Kind, "email", StringComparison.OrdinalIgnoreCase);

    /// <summary>A Message-ID without angle brackets or surrounding space.</summary>
    public static string NormalizeMessageId(string value) => value.Trim().Trim('<', '>').Trim();

    /// <summary>The id a message is stored (and found) under: email Message-IDs normalized, others as sent.</summary>
    public static string StoredExternalId(InboundMessageData message, string externalId) =>
        IsEmail(message) ? NormalizeMessageId(externalId) : externalId;

    /// <summary>In-Reply-To first, then References newest first (the order mail clients write them in is oldest first).</summary>
    public static IReadOnlyList<string> EmailReferences(InboundMessageData message)
    {
        var result = new List<string>();
        if (!string.IsNullOrWhiteSpace(message.InReplyTo))
        {
            result.Add(NormalizeMessageId(message.InReplyTo));
        }

        for (var i = message.References.Count - 1; i >= 0; i--)
        {
            if (!string.IsNullOrWhiteSpace(message.References[i]))
            {
                var reference = NormalizeMessageId(message.References[i]);
                if (!result.Contains(reference, StringComparer.Ordinal))
                {
                    result.Add(reference);
                }
            }
        }

        return result;
    }

    /// <summary>The ticket number in a <c>[#123]</c> token of the subject, if any.</summary>
    public static long? TicketNumberIn(string? subject)
    {
        if (string.IsNullOrEmpty(subject))
        {
            return null;
        }

        var match = SubjectToken().Match(subject);
        return match.Success && long.TryParse(match.Groups[1].ValueSpan, out var number) ? number : null;
    }

    public static string ConversationKey(Guid channelId, InboundMessageData message) =>
        string.IsNullOrWhiteSpace(message.ConversationId)
            ? $"{channelId:N}|from|{message.From.Kind}|{message.From.Messenger}|{message.From.Value.Trim()}"
            : $"{channelId:N}|conv|{message.ConversationId.Trim()}";

    /// <summary>A subject for a new ticket: the message's, else the start of its text.</summary>
    public static string SubjectFor(InboundMessageData message)
    {
        if (!string.IsNullOrWhiteSpace(message.Subject))
        {
            return Truncate(message.Subject.Trim(), 1000);
        }

        var text = (message.Text ?? "").ReplaceLineEndings(" ").Trim();
        return text.Length == 0 ? "(no subject)" : Truncate(text, 80);
    }

    public static string Excerpt(string? text, string? html, int max = 300)
    {
        var source = !string.IsNullOrWhiteSpace(text) ? text : MessageHtml.ToPlainText(html);
        var flat = WhiteSpace().Replace(source ?? "", " ").Trim();
        return Truncate(flat, max);
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    [GeneratedRegex(@"\[#(\d{1,18})\]", RegexOptions.CultureInvariant)]
    private static partial Regex SubjectToken();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
