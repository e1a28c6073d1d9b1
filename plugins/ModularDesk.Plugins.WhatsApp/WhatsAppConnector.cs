using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Plugins.WhatsApp;

/// <summary>
/// One WhatsApp Business phone number on the Cloud API. Webhooks: the GET verification handshake, then POSTs
/// accepted only with a valid <c>X-Hub-Signature-256</c>; messages (text, image, document, audio, video) go to the
/// inbox keyed by their wamid, so Meta's retries are dropped; delivery statuses go to the delivery sink. Sending:
/// free text (split at 4,096 characters), documents and approved templates.
/// </summary>
public sealed class WhatsAppConnector : IWebhookConnector, IOutboundConnector
{
    internal const string SignatureHeader = "X-Hub-Signature-256";
    internal const int MaxTextLength = 4096;

    /// <summary>Graph API error codes that mean "try again later" (rate limits, temporary outages).</summary>
    private static readonly HashSet<int> RetryableCodes = [1, 2, 4, 17, 341, 80007, 130429, 131000, 131016, 131048, 131056, 133004];

    private readonly IChannelContext context;
    private readonly Lazy<WhatsAppSettings> settings;
    private readonly Lazy<GraphApiClient> graph;

    /// <summary>Creates the connector; no I/O happens until it is used.</summary>
    /// <param name="context">What the host gives this channel.</param>
    public WhatsAppConnector(IChannelContext context)
    {
        this.context = context;
        settings = new Lazy<WhatsAppSettings>(() => WhatsAppSettings.From(context.Settings));
        graph = new Lazy<GraphApiClient>(() => new GraphApiClient(context.HttpClients.CreateClient("graph"), settings.Value));
    }

    private WhatsAppSettings Settings => settings.Value;

    /// <inheritdoc />
    public async Task<ConnectionTestResult> TestConnectionAsync(CancellationToken cancellationToken)
    {
        try
        {
            var number = await graph.Value.GetPhoneNumberAsync(cancellationToken);
            return ConnectionTestResult.Success(
                $"Connected to {number.DisplayPhoneNumber ?? Settings.PhoneNumberId}{(number.VerifiedName is { } name ? $" ({name})" : "")}.");
        }
        catch (InvalidOperationException e)
        {
            return ConnectionTestResult.Failure(e.Message);
        }
        catch (GraphApiException e)
        {
            return ConnectionTestResult.Failure($"The Cloud API refused: {Reason(e)}");
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return ConnectionTestResult.Failure($"The Cloud API could not be reached at {Settings.ApiBaseUrl} ({e.GetType().Name}).");
        }
    }

    /// <inheritdoc />
    public async Task<WebhookResponse> HandleWebhookAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Method switch
        {
            "GET" => Verify(request),
            "POST" => await ReceiveAsync(request, cancellationToken),
            _ => WebhookResponse.Status(405),
        };
    }

    /// <inheritdoc />
    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var to = WaId(message.Recipient);
        if (to is null)
        {
            return SendResult.Failed("The recipient is not a WhatsApp phone number.", permanent: true);
        }

        var pieces = message.Template is null ? Split(message.Text) : [];
        if (message.Template is null && pieces.Count == 0 && message.Attachments.Count == 0)
        {
            return SendResult.Failed("The message is empty.", permanent: true);
        }

        var replyTo = message.Threading?.InReplyTo is { Length: > 0 } wamid && wamid.StartsWith("wamid.", StringComparison.Ordinal)
            ? new { message_id = wamid }
            : null;
        string? firstId = null;
        try
        {
            if (message.Template is { } template)
            {
                firstId = await graph.Value.SendMessageAsync(TemplateBody(to, template), cancellationToken);
            }

            foreach (var piece in pieces)
            {
                var id = await graph.Value.SendMessageAsync(
                    new
                    {
                        messaging_product = "whatsapp",
                        recipient_type = "individual",
                        to,
                        context = firstId is null ? replyTo : null,
                        type = "text",
                        text = new { preview_url = false, body = piece },
                    },
                    cancellationToken);
                firstId ??= id;
            }

            foreach (var attachment in message.Attachments)
            {
                var mediaId = await graph.Value.UploadMediaAsync(attachment.Name, attachment.ContentType, attachment.Content, cancellationToken);
                var id = await graph.Value.SendMessageAsync(
                    new
                    {
                        messaging_product = "whatsapp",
                        recipient_type = "individual",
                        to,
                        type = "document",
                        document = new { id = mediaId, filename = attachment.Name },
                    },
                    cancellationToken);
                firstId ??= id;
            }
        }
        catch (GraphApiException e)
        {
            var reason = Reason(e);
            return IsRetryable(e) ? SendResult.RetryLater(reason) : SendResult.Failed(reason, permanent: true);
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return SendResult.RetryLater($"The Cloud API could not be reached ({e.GetType().Name}).");
        }

        return SendResult.Sent(firstId!);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Whether <paramref name="signatureHeader"/> is <c>sha256=</c> + the hex HMAC-SHA256 of the raw body under the app secret.</summary>
    internal static bool SignatureIsValid(ReadOnlySpan<byte> body, string? signatureHeader, string appSecret)
    {
        const string prefix = "sha256=";
        if (signatureHeader is null || !signatureHeader.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            || signatureHeader.Length != prefix.Length + 64)
        {
            return false;
        }

        Span<byte> given = stackalloc byte[32];
        if (Convert.FromHexString(signatureHeader.AsSpan(prefix.Length), given, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != 32)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>The reason shown to agents for a refused send or a failed delivery.</summary>
    internal static string Reason(int code, string? title, string? details) => code switch
    {
        131047 => "More than 24 hours have passed since the client last wrote, so WhatsApp accepts only an approved template now.",
        131026 => "WhatsApp could not deliver to this number (it may not use WhatsApp, or runs an outdated app).",
        131021 => "The recipient is this business's own number.",
        131051 => "WhatsApp does not support this kind of message.",
        132000 or 132001 or 132005 or 132007 or 132012 or 132015 or 132016 =>
            $"WhatsApp refused the template: {details ?? title ?? "check its name, language and parameters"}.",
        190 => "The access token expired or was revoked; an admin must enter a new one.",
        10 or 200 => "The access token lacks the whatsapp_business_messaging permission.",
        130429 or 131056 or 80007 or 4 => "WhatsApp is rate limiting this number; the message will be retried.",
        _ => $"WhatsApp refused the message ({code}): {details ?? title ?? "no details"}.",
    };

    private static string Reason(GraphApiException e) =>
        e.Error is { } error ? Reason(error.Code, error.Message ?? error.Title, error.ErrorData?.Details) : e.Message;

    private static bool IsRetryable(GraphApiException e) =>
        e.Error is { } error
            ? RetryableCodes.Contains(error.Code) || (int)e.Status >= 500
            : (int)e.Status >= 500 || e.Status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;

    private static IReadOnlyList<string> Split(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var pieces = new List<string>();
        for (var start = 0; start < text.Length;)
        {
            var length = Math.Min(MaxTextLength, text.Length - start);
            if (start + length < text.Length)
            {
                var window = text.AsSpan(start, length);
                var cut = window.LastIndexOf('\n') + 1;
                if (cut <= length / 2)
                {
                    cut = window.LastIndexOf(' ') + 1;
                }

                length = cut > length / 2 ? cut : char.IsHighSurrogate(window[length - 1]) ? length - 1 : length;
            }

            pieces.Add(text.Substring(start, length));
            start += length;
        }

        return pieces;
    }

    /// <summary>The recipient's wa_id (digits only), or null when the address is not a phone number.</summary>
    private static string? WaId(ContactAddress recipient)
    {
        var usable = recipient.Kind == SenderKind.Phone
                     || (recipient.Kind is SenderKind.Messenger or SenderKind.ExternalId
                         && string.Equals(recipient.Messenger, "whatsapp", StringComparison.OrdinalIgnoreCase));
        if (!usable)
        {
            return null;
        }

        var digits = new string(recipient.Value.Where(char.IsAsciiDigit).ToArray());
        return digits.Length is >= 6 and <= 20 ? digits : null;
    }

    private static object TemplateBody(string to, MessageTemplate template) => new
    {
        messaging_product = "whatsapp",
        recipient_type = "individual",
        to,
        type = "template",
        template = new
        {
            name = template.Name,
            language = new { code = template.Language },
            components = template.Parameters.Count == 0
                ? null
                : new[]
                {
                    new
                    {
                        type = "body",
                        parameters = template.Parameters.Select(p => new { type = "text", text = p }).ToArray(),
                    },
                },
        },
    };

    private static DateTimeOffset? UnixTime(string? seconds) =>
        long.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? DateTimeOffset.FromUnixTimeSeconds(value)
            : null;

    private static string Extension(string? mimeType) => mimeType?.Split(';')[0].Trim() switch
    {
        "image/jpeg" => ".jpg",
        "image/png" => ".png",
        "image/webp" => ".webp",
        "audio/ogg" => ".ogg",
        "audio/mpeg" => ".mp3",
        "audio/mp4" or "audio/aac" => ".m4a",
        "video/mp4" => ".mp4",
        "application/pdf" => ".pdf",
        _ => string.Empty,
    };

    private WebhookResponse Verify(WebhookRequest request)
    {
        var token = request.QueryValue("hub.verify_token");
        var challenge = request.QueryValue("hub.challenge");
        var tokenMatches = token is not null
                           && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(Settings.VerifyToken));
        return request.QueryValue("hub.mode") == "subscribe" && tokenMatches && !string.IsNullOrEmpty(challenge)
            ? WebhookResponse.Text(challenge)
            : WebhookResponse.Status(403);
    }

    private async Task<WebhookResponse> ReceiveAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        if (!SignatureIsValid(request.Body.Span, request.Header(SignatureHeader), Settings.AppSecret))
        {
            return WebhookResponse.Status(401);
        }

        WebhookPayload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<WebhookPayload>(request.Body.Span, GraphJson.Options);
        }
        catch (JsonException)
        {
            context.Logger.LogWarning("WhatsApp webhook: a signed body that is not the Cloud API's JSON was ignored");
            return WebhookResponse.Status(400);
        }

        foreach (var change in payload?.Entry?.SelectMany(e => e.Changes ?? []) ?? [])
        {
            if (change is not { Field: "messages", Value: { } value })
            {
                continue;
            }

            // One Meta app may serve several numbers; each channel takes only its own.
            if (value.Metadata?.PhoneNumberId is { } phoneNumberId && phoneNumberId != Settings.PhoneNumberId)
            {
                continue;
            }

            var names = (value.Contacts ?? [])
                .Where(c => c.WaId is not null && c.Profile?.Name is not null)
                .GroupBy(c => c.WaId!)
                .ToDictionary(g => g.Key, g => g.First().Profile!.Name!, StringComparer.Ordinal);
            foreach (var message in value.Messages ?? [])
            {
                if (await MapAsync(message, names, cancellationToken) is { } inbound)
                {
                    await context.Inbound.AcceptAsync(inbound, cancellationToken);
                }
            }

            foreach (var status in value.Statuses ?? [])
            {
                await ReportAsync(status, cancellationToken);
            }
        }

        return WebhookResponse.Ok();
    }

    private async Task ReportAsync(WaStatus status, CancellationToken cancellationToken)
    {
        DeliveryStatus? mapped = status.Status switch
        {
            "delivered" => DeliveryStatus.Delivered,
            "read" => DeliveryStatus.Read,
            "failed" => DeliveryStatus.Failed,
            _ => null, // "sent" is what SendAsync already reported; "deleted"/"warning" change nothing for the desk
        };
        if (mapped is not { } delivery || status.Id is not { Length: > 0 } id)
        {
            return;
        }

        var error = status.Errors is [var first, ..]
            ? Reason(first.Code, first.Message ?? first.Title, first.ErrorData?.Details)
            : delivery == DeliveryStatus.Failed ? "WhatsApp reported the message as failed without a reason." : null;
        await context.DeliveryStatus.ReportAsync(
            new DeliveryStatusUpdate(id, delivery, UnixTime(status.Timestamp) ?? context.Clock.GetUtcNow(), error), cancellationToken);
    }

    private async Task<InboundMessage?> MapAsync(WaMessage message, Dictionary<string, string> names, CancellationToken cancellationToken)
    {
        if (message.Id is not { Length: > 0 } id || message.From is not { Length: > 0 } from || message.Type == "reaction")
        {
            return null;
        }

        string? text;
        var attachments = new List<InboundAttachment>();
        var flags = InboundFlags.None;
        var media = message.Type switch
        {
            "image" => message.Image,
            "document" => message.Document,
            "audio" => message.Audio,
            "video" => message.Video,
            "sticker" => message.Sticker,
            _ => null,
        };
        if (media is not null)
        {
            text = media.Caption;
            if (media.Id is { Length: > 0 } mediaId)
            {
                // A failure here escapes: the webhook answers 500 and Meta re-sends it, so the file is not lost.
                var (content, mimeType) = await graph.Value.DownloadMediaAsync(mediaId, cancellationToken);
                var contentType = media.MimeType ?? mimeType ?? "application/octet-stream";
                var name = media.Filename is { Length: > 0 } filename ? filename : $"{message.Type}-{mediaId}{Extension(contentType)}";
                attachments.Add(new InboundAttachment(name, contentType, content));
            }
            else
            {
                flags |= InboundFlags.Malformed;
            }
        }
        else
        {
            text = message.Type switch
            {
                "text" => message.Text?.Body,
                "button" => message.Button?.Text,
                "interactive" => InteractiveTitle(message.Interactive),
                "location" when message.Location is { } location => string.Create(
                    CultureInfo.InvariantCulture,
                    $"Location: {location.Latitude}, {location.Longitude}{(location.Name is { } n ? $" ({n})" : "")}{(location.Address is { } a ? $", {a}" : "")}"),
                _ => $"(A WhatsApp {message.Type ?? "unknown"} message the desk cannot show; see it in WhatsApp.)",
            };
        }

        return new InboundMessage(
            id,
            new InboundSender(SenderKind.Phone, "+" + from)
            {
                DisplayName = names.GetValueOrDefault(from),
            })
        {
            Text = text,
            SentAt = UnixTime(message.Timestamp),
            ConversationId = from,
            InReplyTo = message.Context?.Id,
            Attachments = attachments,
            Flags = flags,
        };
    }

    private static string? InteractiveTitle(JsonElement? interactive)
    {
        if (interactive is not { ValueKind: JsonValueKind.Object } element)
        {
            return null;
        }

        foreach (var kind in new[] { "button_reply", "list_reply" })
        {
            if (element.TryGetProperty(kind, out var reply) && reply.TryGetProperty("title", out var title))
            {
                return title.GetString();
            }
        }

        return null;
    }
}
