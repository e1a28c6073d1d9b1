using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ModularDesk.Plugins.Sdk;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace ModularDesk.Plugins.Telegram;

/// <summary>
/// One Telegram bot as a channel. Receives private-chat messages and their edits by long polling
/// (<c>getUpdates</c> from the <c>offset</c> checkpoint) or by webhook (<c>setWebhook</c> with a secret token,
/// checked on every call); sends text (split at 4,096 characters) and documents.
/// </summary>
public sealed class TelegramConnector : IPullingConnector, IWebhookConnector, IOutboundConnector
{
    internal const string Messenger = "telegram";
    internal const string OffsetCheckpoint = "offset";
    internal const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";
    internal const string UsernameHeader = "X-Telegram-Username";

    private const int UpdatesPerCall = 100;
    private const int ChatsInParallel = 8;
    private static readonly UpdateType[] AllowedUpdates = [UpdateType.Message, UpdateType.EditedMessage];
    private static readonly TimeSpan MaxTransientDelay = TimeSpan.FromSeconds(30);

    private readonly IChannelContext context;
    private readonly Lazy<TelegramSettings> settings;
    private readonly Lazy<TelegramBotClient> bot;
    private readonly Lazy<AvatarLinks> avatarLinks;
    private readonly ProfilePhotoCache avatars;

    /// <summary>Creates the connector; no I/O happens until it is used.</summary>
    /// <param name="context">What the host gives this channel.</param>
    public TelegramConnector(IChannelContext context)
    {
        this.context = context;
        settings = new Lazy<TelegramSettings>(() => TelegramSettings.From(context.Settings));
        bot = new Lazy<TelegramBotClient>(() => new TelegramBotClient(
            new TelegramBotClientOptions(Settings.BotToken, Settings.ApiBaseUrl) { RetryCount = 0 },
            context.HttpClients.CreateClient("bot-api")));
        avatarLinks = new Lazy<AvatarLinks>(() => new AvatarLinks(context.ChannelId, Settings.BotToken, Settings.PublicUrl));
        avatars = new ProfilePhotoCache(context.Clock);
    }

    private TelegramSettings Settings => settings.Value;

    private TelegramBotClient Bot => bot.Value;

    /// <inheritdoc />
    public async Task<ConnectionTestResult> TestConnectionAsync(CancellationToken cancellationToken)
    {
        try
        {
            var me = await Bot.GetMe(cancellationToken);
            var mode = Settings.WebhookMode ? "webhook" : "long polling";
            return ConnectionTestResult.Success($"Connected as @{me.Username} ({mode}).");
        }
        catch (ArgumentException)
        {
            return ConnectionTestResult.Failure("The bot token or API URL is not in Telegram's format (123456:ABC…, https://…).");
        }
        catch (InvalidOperationException e)
        {
            return ConnectionTestResult.Failure(e.Message);
        }
        catch (ApiRequestException e) when (e.ErrorCode is 401 or 404)
        {
            return ConnectionTestResult.Failure("Telegram does not accept this bot token; copy it again from @BotFather.");
        }
        catch (Exception e) when (IsTransient(e, cancellationToken))
        {
            return ConnectionTestResult.Failure($"Telegram could not be reached at {Settings.ApiBaseUrl} ({Describe(e)}).");
        }
    }

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Settings.WebhookMode)
        {
            await RegisterWebhookAsync(cancellationToken);
            await Task.Delay(Timeout.InfiniteTimeSpan, context.Clock, cancellationToken);
            return;
        }

        await RetryTransientAsync(ct => Bot.DeleteWebhook(dropPendingUpdates: false, ct), cancellationToken);
        var offset = await ReadOffsetAsync(cancellationToken);
        var failures = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var updates = await Bot.GetUpdates(offset, UpdatesPerCall, Settings.PollTimeoutSeconds, AllowedUpdates, cancellationToken);
                if (updates.Length > 0)
                {
                    // Store first, then move the checkpoint: a crash in between re-reads the batch and the inbox drops it.
                    await IngestAsync(updates, cancellationToken);
                    offset = updates.Max(u => u.Id) + 1;
                    await context.Checkpoints.SetAsync(OffsetCheckpoint, offset.Value.ToString(CultureInfo.InvariantCulture), cancellationToken);
                }

                failures = 0;
            }
            catch (Exception e) when (IsTransient(e, cancellationToken))
            {
                failures++;
                var delay = Backoff(failures);
                context.Logger.LogWarning("Telegram polling failed ({Reason}); retrying from offset {Offset} in {Delay}", Describe(e), offset, delay);
                await Task.Delay(delay, context.Clock, cancellationToken);
            }
        }
    }

    /// <inheritdoc />
    public async Task<WebhookResponse> HandleWebhookAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var rest = SubPath(request.Path);
        if (rest.StartsWith("avatar/", StringComparison.Ordinal) && request.Method == "GET")
        {
            return await ServeAvatarAsync(Uri.UnescapeDataString(rest["avatar/".Length..]), request.QueryValue("sig"), cancellationToken);
        }

        if (rest.Length > 0)
        {
            return WebhookResponse.Status(404);
        }

        if (request.Method != "POST")
        {
            return WebhookResponse.Status(405);
        }

        if (Settings.WebhookSecret is not { } secret || !SecretMatches(secret, request.Header(SecretHeader)))
        {
            return WebhookResponse.Status(401);
        }

        Update? update;
        try
        {
            update = JsonSerializer.Deserialize<Update>(request.Body.Span, JsonBotAPI.Options);
        }
        catch (JsonException)
        {
            // Telegram would re-send a refused update for a day; one we cannot read never gets better.
            context.Logger.LogWarning("Telegram webhook: an update that is not Bot API JSON was ignored");
            return WebhookResponse.Ok();
        }

        if (update is not null)
        {
            await HandleUpdateAsync(update, cancellationToken);
        }

        return WebhookResponse.Ok();
    }

    /// <inheritdoc />
    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Recipient.Kind != SenderKind.Messenger
            || !string.Equals(message.Recipient.Messenger, Messenger, StringComparison.OrdinalIgnoreCase)
            || !long.TryParse(message.Recipient.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var chatId))
        {
            return SendResult.Failed("The recipient is not a Telegram contact of this bot.", permanent: true);
        }

        var pieces = TextChunks.Split(message.Text);
        if (pieces.Count == 0 && message.Attachments.Count == 0)
        {
            return SendResult.Failed("The message is empty.", permanent: true);
        }

        var replyTo = ReplyTarget(message.Threading?.InReplyTo, chatId);
        string? firstId = null;
        try
        {
            foreach (var piece in pieces)
            {
                var sent = await Bot.SendMessage(
                    chatId, piece, replyParameters: firstId is null ? replyTo : null, cancellationToken: cancellationToken);
                firstId ??= ExternalId(chatId, sent.Id);
            }

            foreach (var attachment in message.Attachments)
            {
                using var content = new MemoryStream(attachment.Content.ToArray(), writable: false);
                var sent = await Bot.SendDocument(
                    chatId, InputFile.FromStream(content, attachment.Name),
                    replyParameters: firstId is null ? replyTo : null, cancellationToken: cancellationToken);
                firstId ??= ExternalId(chatId, sent.Id);
            }
        }
        catch (ApiRequestException e) when (e.ErrorCode == 403)
        {
            const string reason = "The client blocked the bot (or deleted their account); Telegram refuses messages to them.";
            await context.DeliveryStatus.MarkContactUnreachableAsync(message.Recipient, reason, cancellationToken);
            return SendResult.Failed(reason, permanent: true);
        }
        catch (ApiRequestException e) when (e.ErrorCode == 429)
        {
            return SendResult.RetryLater("Telegram is rate limiting the bot.", e.Parameters?.RetryAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
        }
        catch (ApiRequestException e) when (e.ErrorCode is >= 400 and < 500)
        {
            return SendResult.Failed($"Telegram refused the message: {e.Message}", permanent: true);
        }
        catch (Exception e) when (IsTransient(e, cancellationToken))
        {
            return SendResult.RetryLater($"Telegram could not be reached ({Describe(e)}).");
        }

        return SendResult.Sent(firstId!);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    internal static string ExternalId(long chatId, int messageId) =>
        string.Create(CultureInfo.InvariantCulture, $"{chatId}:{messageId}");

    private static ReplyParameters? ReplyTarget(string? inReplyTo, long chatId)
    {
        // Our own external ids are "<chat id>:<message id>"; only a message of the same chat can be quoted.
        var parts = inReplyTo?.Split(':');
        return parts is [var chat, var id]
               && chat == chatId.ToString(CultureInfo.InvariantCulture)
               && int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var messageId)
            ? new ReplyParameters { MessageId = messageId, AllowSendingWithoutReply = true }
            : null;
    }

    private static string SubPath(string path)
    {
        const string marker = "/webhook";
        var at = path.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? string.Empty : path[(at + marker.Length)..].Trim('/');
    }

    private static bool SecretMatches(string expected, string? given) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(given));

    private static bool IsTransient(Exception e, CancellationToken cancellationToken) => e switch
    {
        ApiRequestException api => api.ErrorCode is 429 or 409 or >= 500,
        RequestException or HttpRequestException or IOException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    private static string Describe(Exception e) => e switch
    {
        ApiRequestException api => $"Bot API error {api.ErrorCode}",
        RequestException { HttpStatusCode: { } status } => $"HTTP {(int)status}",
        OperationCanceledException => "timed out",
        _ => e.GetType().Name,
    };

    private static TimeSpan Backoff(int failures) =>
        TimeSpan.FromMilliseconds(Math.Min(MaxTransientDelay.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(failures - 1, 10))));

    private async Task<int?> ReadOffsetAsync(CancellationToken cancellationToken) =>
        await context.Checkpoints.GetAsync(OffsetCheckpoint, cancellationToken) is { } stored
        && int.TryParse(stored, NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? offset
            : null;

    private async Task RegisterWebhookAsync(CancellationToken cancellationToken)
    {
        if (Settings.PublicUrl is null)
        {
            throw new InvalidOperationException("Webhook mode needs the setting publicUrl (the desk's public https URL).");
        }

        if (Settings.WebhookSecret is null)
        {
            throw new InvalidOperationException("Webhook mode needs the secret setting webhookSecret.");
        }

        var url = $"{Settings.PublicUrl}/channels/{context.ChannelId}/webhook";
        await RetryTransientAsync(
            ct => Bot.SetWebhook(url, secretToken: Settings.WebhookSecret, allowedUpdates: AllowedUpdates, cancellationToken: ct),
            cancellationToken);
        context.Logger.LogInformation("Telegram webhook registered for channel {ChannelId}", context.ChannelId);
    }

    private async Task RetryTransientAsync(Func<CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        for (var failures = 1; ; failures++)
        {
            try
            {
                await call(cancellationToken);
                return;
            }
            catch (Exception e) when (IsTransient(e, cancellationToken))
            {
                context.Logger.LogWarning("Telegram call failed ({Reason}); retrying", Describe(e));
                await Task.Delay(Backoff(failures), context.Clock, cancellationToken);
            }
        }
    }

    /// <summary>Stores a batch: chats in parallel, each chat's updates in order (so an edit never overtakes its message).</summary>
    private async Task IngestAsync(Update[] updates, CancellationToken cancellationToken)
    {
        var byChat = updates
            .Where(u => (u.Message ?? u.EditedMessage) is not null)
            .GroupBy(u => (u.Message ?? u.EditedMessage)!.Chat.Id)
            .ToList();
        await Parallel.ForEachAsync(
            byChat,
            new ParallelOptions { MaxDegreeOfParallelism = ChatsInParallel, CancellationToken = cancellationToken },
            async (chat, ct) =>
            {
                foreach (var update in chat.OrderBy(u => u.Id))
                {
                    await HandleUpdateAsync(update, ct);
                }
            });
    }

    private async Task HandleUpdateAsync(Update update, CancellationToken cancellationToken)
    {
        var isEdit = update.EditedMessage is not null;
        var message = update.EditedMessage ?? update.Message;
        if (message?.From is not { IsBot: false } user)
        {
            return;
        }

        if (message.Chat.Type != ChatType.Private && !Settings.AllowGroups)
        {
            return;
        }

        var inbound = await MapAsync(message, user, isEdit, cancellationToken);
        await context.Inbound.AcceptAsync(inbound, cancellationToken);
    }

    private async Task<InboundMessage> MapAsync(Message message, User user, bool isEdit, CancellationToken cancellationToken)
    {
        var chatId = message.Chat.Id;
        var originalId = ExternalId(chatId, message.Id);
        var flags = InboundFlags.None;
        var attachments = new List<InboundAttachment>();

        async Task AddAsync(string fileId, string name, string contentType)
        {
            if (await DownloadAsync(fileId, cancellationToken) is { } bytes)
            {
                attachments.Add(new InboundAttachment(name, contentType, bytes));
            }
            else
            {
                flags |= InboundFlags.Truncated;
            }
        }

        if (message.Photo is { Length: > 0 } sizes)
        {
            var largest = sizes.MaxBy(p => (long)p.Width * p.Height)!;
            await AddAsync(largest.FileId, $"photo-{largest.FileUniqueId}.jpg", "image/jpeg");
        }

        if (message.Document is { } document)
        {
            await AddAsync(document.FileId, document.FileName ?? $"document-{document.FileUniqueId}", document.MimeType ?? "application/octet-stream");
        }

        if (message.Audio is { } audio)
        {
            await AddAsync(audio.FileId, audio.FileName ?? $"audio-{audio.FileUniqueId}", audio.MimeType ?? "audio/mpeg");
        }

        if (message.Voice is { } voice)
        {
            await AddAsync(voice.FileId, $"voice-{voice.FileUniqueId}.ogg", voice.MimeType ?? "audio/ogg");
        }

        if (message.Video is { } video)
        {
            await AddAsync(video.FileId, video.FileName ?? $"video-{video.FileUniqueId}.mp4", video.MimeType ?? "video/mp4");
        }

        var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        if (user.Username is { Length: > 0 } username)
        {
            headers[UsernameHeader] = [username];
        }

        var editedAt = message.EditDate ?? message.Date;
        return new InboundMessage(
            isEdit ? $"{originalId}:edit:{new DateTimeOffset(editedAt, TimeSpan.Zero).ToUnixTimeSeconds()}" : originalId,
            new InboundSender(SenderKind.Messenger, user.Id.ToString(CultureInfo.InvariantCulture))
            {
                Messenger = Messenger,
                DisplayName = DisplayName(user),
                AvatarUrl = await AvatarUrlAsync(user.Id, cancellationToken),
                LanguageHint = user.LanguageCode,
            })
        {
            Text = message.Text ?? message.Caption,
            SentAt = new DateTimeOffset(DateTime.SpecifyKind(isEdit ? editedAt : message.Date, DateTimeKind.Utc)),
            ConversationId = chatId.ToString(CultureInfo.InvariantCulture),
            InReplyTo = message.ReplyToMessage is { } replied ? ExternalId(chatId, replied.Id) : null,
            Attachments = attachments,
            IsEdit = isEdit,
            EditOf = isEdit ? originalId : null,
            Flags = flags,
            Headers = headers,
        };
    }

    private static string DisplayName(User user)
    {
        var name = string.Join(' ', new[] { user.FirstName, user.LastName }.Where(n => !string.IsNullOrWhiteSpace(n))).Trim();
        return name.Length > 0 ? name : user.Username is { Length: > 0 } username ? "@" + username : user.Id.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The file's bytes, or null when Telegram refuses it (over the Bot API's 20 MB, gone); network errors escape.</summary>
    private async Task<byte[]?> DownloadAsync(string fileId, CancellationToken cancellationToken)
    {
        try
        {
            var file = await Bot.GetFile(fileId, cancellationToken);
            if (file.FilePath is null)
            {
                return null;
            }

            using var buffer = new MemoryStream();
            await Bot.DownloadFile(file.FilePath, buffer, cancellationToken);
            return buffer.ToArray();
        }
        catch (ApiRequestException e) when (e.ErrorCode is >= 400 and < 500 and not 429)
        {
            context.Logger.LogWarning("Telegram refused a file of an inbound message ({Reason}); stored without it", Describe(e));
            return null;
        }
    }

    private async Task<string?> AvatarUrlAsync(long userId, CancellationToken cancellationToken)
    {
        if (avatars.TryGet(userId, out var cached))
        {
            return cached;
        }

        string? url = null;
        try
        {
            var photos = await Bot.GetUserProfilePhotos(userId, 0, 1, cancellationToken);
            if (photos.Photos is [{ Length: > 0 } sizes, ..])
            {
                // The smallest size that is at least 160 px wide: sharp in a card, a few kilobytes to serve.
                var photo = sizes.Where(s => s.Width >= 160).MinBy(s => s.Width) ?? sizes.MaxBy(s => s.Width)!;
                url = avatarLinks.Value.For(photo.FileId);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // An avatar is a nicety: the message is stored without one, and the next message tries again.
            context.Logger.LogDebug("Telegram profile photo lookup failed ({Reason})", Describe(e));
            avatars.Forget(userId);
            return null;
        }

        avatars.Set(userId, url);
        return url;
    }

    private async Task<WebhookResponse> ServeAvatarAsync(string fileId, string? signature, CancellationToken cancellationToken)
    {
        if (!avatarLinks.Value.IsValid(fileId, signature))
        {
            return WebhookResponse.Status(404);
        }

        var bytes = await DownloadAsync(fileId, cancellationToken);
        if (bytes is null)
        {
            return WebhookResponse.Status(404);
        }

        return new WebhookResponse(
            200,
            new Dictionary<string, string>
            {
                ["Content-Type"] = "image/jpeg",
                ["Cache-Control"] = "private, max-age=86400",
                ["X-Content-Type-Options"] = "nosniff",
            },
            bytes);
    }
}
