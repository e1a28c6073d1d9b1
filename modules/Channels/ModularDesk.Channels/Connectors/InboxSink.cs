using Autofac;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.Channels.Contracts.Inbox;
using ModularDesk.Channels.Inbound;
using ModularDesk.Channels.Inbox;
using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Channels.Connectors;

/// <summary>
/// The SDK's <see cref="IInboundSink"/> for one channel: the same validation and the same inbox write as
/// <c>POST /api/v1/inbound</c>, so a message is stored identically whichever way it came.
/// </summary>
internal sealed class InboxSink(Guid channelId, ILifetimeScope scope) : IInboundSink
{
    public async Task<InboundAcceptance> AcceptAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var data = ToData(message);
        var accepted = await scope.Resolve<InboxWriter>().AcceptAsync(channelId, data, cancellationToken); // a singleton: no scope per message
        return new InboundAcceptance(accepted.InboxId, accepted.Duplicate);
    }

    /// <exception cref="ArgumentException">The message breaks the inbox's rules; the message names the fields, never their content.</exception>
    internal static InboundMessageData ToData(InboundMessage message)
    {
        var request = new InboundRequest(
            null,
            message.ExternalMessageId,
            new InboundSenderRequest(
                Kind(message.From.Kind), message.From.Value, message.From.Messenger, message.From.DisplayName,
                message.From.AvatarUrl, message.From.LanguageHint),
            message.Subject,
            message.Text,
            message.Html,
            message.SentAt,
            message.ConversationId,
            message.InReplyTo,
            message.References,
            message.Attachments.Select(a => new InboundAttachmentRequest(a.Name, a.ContentType, Convert.ToBase64String(a.Content.Span))).ToList(),
            message.IsEdit,
            message.EditOf);

        var errors = new ValidationErrors();
        if (message.Headers.Count > InboundLimits.Headers)
        {
            errors.Add("headers", $"At most {InboundLimits.Headers} headers.");
        }

        var data = InboundMessageValidator.Validate(request, errors);
        if (data is null || !errors.IsEmpty)
        {
            var fields = errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(" ", e.Value)}");
            throw new ArgumentException($"The inbound message is invalid ({string.Join("; ", fields)}).", nameof(message));
        }

        return data with
        {
            Flags = Enum.GetValues<InboundFlags>()
                .Where(f => f != InboundFlags.None && message.Flags.HasFlag(f))
                .Select(f => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(f.ToString()))
                .ToList(),
            Headers = message.Headers,
        };
    }

    private static string Kind(SenderKind kind) => kind switch
    {
        SenderKind.Email => "email",
        SenderKind.Phone => "phone",
        SenderKind.Messenger => "messenger",
        SenderKind.ExternalId => "externalId",
        SenderKind.Social => "social",
        _ => kind.ToString(),
    };
}
