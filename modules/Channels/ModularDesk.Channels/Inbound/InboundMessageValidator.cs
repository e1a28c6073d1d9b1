using System.Buffers.Text;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.Channels.Contracts.Inbox;
using ModularDesk.Channels.Inbox;

namespace ModularDesk.Channels.Inbound;

/// <summary>
/// The rules every inbound message meets before it reaches the inbox, whether it came over REST or from a
/// connector: identifiers present and bounded, a known sender kind, attachments that decode. Field paths are the
/// JSON paths of <c>POST /api/v1/inbound</c>.
/// </summary>
internal static class InboundMessageValidator
{
    /// <summary>The sender kinds of api.md, keyed case-insensitively, valued in their canonical spelling.</summary>
    private static readonly Dictionary<string, string> SenderKinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["email"] = "email",
        ["phone"] = "phone",
        ["messenger"] = "messenger",
        ["externalId"] = "externalId",
        ["social"] = "social",
    };

    public static string KnownKinds => string.Join(", ", SenderKinds.Values);

    /// <summary>Checks a REST request (except the channel) and, when valid, returns the message to store.</summary>
    public static InboundMessageData? Validate(InboundRequest request, ValidationErrors errors)
    {
        errors.Required("externalMessageId", request.ExternalMessageId, InboundLimits.ExternalMessageIdLength);

        string? kind = null;
        if (request.From is null)
        {
            errors.Add("from", "Required.");
        }
        else
        {
            kind = ValidateSender(request.From, errors);
        }

        Optional(errors, "subject", request.Subject, InboundLimits.SubjectLength);
        Optional(errors, "conversationId", request.ConversationId, InboundLimits.ThreadIdLength);
        Optional(errors, "inReplyTo", request.InReplyTo, InboundLimits.ThreadIdLength);
        Optional(errors, "editOf", request.EditOf, InboundLimits.ExternalMessageIdLength);

        var references = request.References ?? [];
        if (references.Count > InboundLimits.References)
        {
            errors.Add("references", $"At most {InboundLimits.References} entries.");
        }

        for (var i = 0; i < Math.Min(references.Count, InboundLimits.References); i++)
        {
            errors.Required($"references[{i}]", references[i], InboundLimits.ThreadIdLength);
        }

        var attachments = request.Attachments ?? [];
        if (attachments.Count > InboundLimits.Attachments)
        {
            errors.Add("attachments", $"At most {InboundLimits.Attachments} attachments.");
        }

        for (var i = 0; i < Math.Min(attachments.Count, InboundLimits.Attachments); i++)
        {
            ValidateAttachment(attachments[i], $"attachments[{i}]", errors);
        }

        if (!errors.IsEmpty)
        {
            return null;
        }

        var from = request.From!;
        return new InboundMessageData(request.ExternalMessageId!, new InboundSenderData(kind!, from.Value!.Trim())
        {
            Messenger = Blank(from.Messenger)?.ToLowerInvariant(),
            DisplayName = Blank(from.DisplayName),
            AvatarUrl = Blank(from.AvatarUrl),
            LanguageHint = Blank(from.LanguageHint),
        })
        {
            Subject = request.Subject,
            Text = request.Text,
            Html = request.Html,
            SentAt = request.SentAt,
            ConversationId = Blank(request.ConversationId),
            InReplyTo = Blank(request.InReplyTo),
            References = references.Select(r => r!).ToList(),
            Attachments = attachments.Select(a => new InboundAttachmentData(
                a!.Name!, Blank(a.ContentType) ?? "application/octet-stream", a.ContentBase64!)).ToList(),
            IsEdit = request.IsEdit ?? false,
            EditOf = Blank(request.EditOf),
        };
    }

    private static string? ValidateSender(InboundSenderRequest from, ValidationErrors errors)
    {
        string? kind = null;
        if (string.IsNullOrWhiteSpace(from.Kind))
        {
            errors.Add("from.kind", "Required.");
        }
        else if (!SenderKinds.TryGetValue(from.Kind, out kind))
        {
            errors.Add("from.kind", $"Must be one of: {KnownKinds}.");
        }

        errors.Required("from.value", from.Value, InboundLimits.AddressLength);
        if (kind == "messenger" && string.IsNullOrWhiteSpace(from.Messenger))
        {
            errors.Add("from.messenger", "Required when kind is messenger (e.g. telegram, whatsapp).");
        }

        Optional(errors, "from.messenger", from.Messenger, 64);
        Optional(errors, "from.displayName", from.DisplayName, InboundLimits.NameLength);
        Optional(errors, "from.avatarUrl", from.AvatarUrl, InboundLimits.UrlLength);
        Optional(errors, "from.languageHint", from.LanguageHint, 35);
        return kind;
    }

    private static void ValidateAttachment(InboundAttachmentRequest? attachment, string path, ValidationErrors errors)
    {
        if (attachment is null)
        {
            errors.Add(path, "Required.");
            return;
        }

        errors.Required($"{path}.name", attachment.Name, InboundLimits.NameLength);
        Optional(errors, $"{path}.contentType", attachment.ContentType, InboundLimits.NameLength);
        if (attachment.ContentBase64 is null)
        {
            errors.Add($"{path}.contentBase64", "Required.");
        }
        else if (!Base64.IsValid(attachment.ContentBase64))
        {
            errors.Add($"{path}.contentBase64", "Not valid base64.");
        }
    }

    private static void Optional(ValidationErrors errors, string field, string? value, int maxLength)
    {
        if (value is not null && value.Length > maxLength)
        {
            errors.Add(field, $"At most {maxLength} characters.");
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
