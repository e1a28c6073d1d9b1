using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ModularDesk.Plugins.Messengers.Tests.Fakes;

/// <summary>A Telegram user as the Bot API describes them in <c>from</c>.</summary>
public sealed record TelegramUser(long Id, string FirstName, string? LastName = null, string? Username = null, string? LanguageCode = null)
{
    public JsonObject ToJson() => Compact(new JsonObject
    {
        ["id"] = Id,
        ["is_bot"] = false,
        ["first_name"] = FirstName,
        ["last_name"] = LastName,
        ["username"] = Username,
        ["language_code"] = LanguageCode,
    });

    internal static JsonObject Compact(JsonObject json)
    {
        foreach (var key in json.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            json.Remove(key);
        }

        return json;
    }
}

/// <summary>What the bot sent, as the fake received it.</summary>
public sealed record TelegramSent(string Method, long ChatId, int MessageId, string? Text, int? ReplyToMessageId, string? FileName, byte[]? File);

/// <summary>
/// A local stand-in for the Telegram Bot API (<c>/bot{token}/{method}</c>, <c>/file/bot{token}/{path}</c>) speaking its
/// JSON: <c>getMe</c>, <c>getUpdates</c> (offset confirms earlier updates; <c>timeout</c> long-polls), <c>sendMessage</c>,
/// <c>sendDocument</c>, <c>getUserProfilePhotos</c>, <c>getFile</c> and downloads, <c>setWebhook</c>/<c>deleteWebhook</c>.
/// Each bot token is its own bot, so tests sharing the fake do not see each other's chats. Tests play users:
/// they send, edit, and block the bot (then <c>sendMessage</c> answers 403 as Telegram does).
/// </summary>
public sealed class FakeTelegramBotApi : FakeServer
{
    private readonly ConcurrentDictionary<string, FakeBot> bots = new(StringComparer.Ordinal);
    private long nextBotId = 7_000_000_000;

    /// <summary>A new bot with a real-looking token (<c>123456:ABC…</c>).</summary>
    public FakeBot CreateBot(string username = "desk_bot")
    {
        var id = Interlocked.Increment(ref nextBotId);
        var token = $"{id}:AAH{Guid.NewGuid():N}";
        var bot = new FakeBot(id, token, username);
        bots[token] = bot;
        return bot;
    }

    protected override void OnStopping()
    {
        foreach (var bot in bots.Values)
        {
            bot.WakePollers();
        }
    }

    protected override void Map(WebApplication app)
    {
        app.MapPost("/bot{token}/{method}", HandleMethodAsync);
        app.MapGet("/bot{token}/{method}", HandleMethodAsync);
        app.MapGet("/file/bot{token}/{**path}", (string token, string path) =>
            bots.TryGetValue(token, out var bot) && bot.FileByPath(path) is { } file
                ? Results.Bytes(file.Content, "application/octet-stream")
                : Results.NotFound());
    }

    private async Task<IResult> HandleMethodAsync(string token, string method, HttpRequest request)
    {
        if (!bots.TryGetValue(token, out var bot))
        {
            return Error(401, "Unauthorized");
        }

        var (args, files) = await ReadArgumentsAsync(request);
        switch (method)
        {
            case "getMe":
                return Ok(bot.Me());
            case "getUpdates":
                return Ok(await bot.GetUpdatesAsync(
                    Int(args, "offset"), Int(args, "limit") ?? 100, Int(args, "timeout") ?? 0, request.HttpContext.RequestAborted));
            case "deleteWebhook":
                bot.WebhookUrl = null;
                return Ok(true);
            case "setWebhook":
                bot.WebhookUrl = Str(args, "url");
                bot.WebhookSecret = Str(args, "secret_token");
                return Ok(true);
            case "getUserProfilePhotos":
                return Ok(bot.ProfilePhotos(Long(args, "user_id") ?? 0));
            case "getFile":
                return bot.FileById(Str(args, "file_id") ?? "") is { } file
                    ? Ok(new JsonObject
                    {
                        ["file_id"] = file.FileId,
                        ["file_unique_id"] = file.UniqueId,
                        ["file_size"] = file.Content.Length,
                        ["file_path"] = file.Path,
                    })
                    : Error(400, "Bad Request: invalid file_id");
            case "sendMessage":
            case "sendDocument":
                {
                    var chatId = Long(args, "chat_id") ?? 0;
                    if (bot.IsBlockedBy(chatId))
                    {
                        return Error(403, "Forbidden: bot was blocked by the user");
                    }

                    var reply = args.TryGetValue("reply_parameters", out var parameters) && parameters is JsonObject rp
                        ? (int?)rp["message_id"]?.GetValue<int>()
                        : null;
                    var upload = files.FirstOrDefault();
                    return Ok(bot.RecordSent(method, chatId, Str(args, "text"), reply, upload.Name, upload.Content));
                }

            default:
                return Error(404, "Not Found");
        }
    }

    private static async Task<(Dictionary<string, JsonNode?> Args, List<(string Name, byte[] Content)> Files)> ReadArgumentsAsync(HttpRequest request)
    {
        var args = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var files = new List<(string, byte[])>();
        foreach (var (key, value) in request.Query)
        {
            args[key] = Parse(value.ToString());
        }

        if (request.HasJsonContentType())
        {
            if (await JsonNode.ParseAsync(request.Body) is JsonObject body)
            {
                foreach (var (key, value) in body)
                {
                    args[key] = value?.DeepClone();
                }
            }
        }
        else if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            foreach (var (key, value) in form)
            {
                args[key] = Parse(value.ToString());
            }

            foreach (var file in form.Files)
            {
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer);
                files.Add((file.FileName, buffer.ToArray()));
            }
        }

        return (args, files);
    }

    private static JsonNode? Parse(string value)
    {
        try
        {
            return JsonNode.Parse(value);
        }
        catch (JsonException)
        {
            return JsonValue.Create(value);
        }
    }

    private static string? Str(Dictionary<string, JsonNode?> args, string key) =>
        args.TryGetValue(key, out var node) && node is JsonValue value
            ? value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString()
            : null;

    private static long? Long(Dictionary<string, JsonNode?> args, string key) =>
        long.TryParse(Str(args, key), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static int? Int(Dictionary<string, JsonNode?> args, string key) => (int?)Long(args, key);

    private static IResult Ok(JsonNode? result) =>
        Results.Content(new JsonObject { ["ok"] = true, ["result"] = result }.ToJsonString(), "application/json");

    private static IResult Error(int code, string description) => Results.Content(
        new JsonObject { ["ok"] = false, ["error_code"] = code, ["description"] = description }.ToJsonString(),
        "application/json",
        statusCode: code);
}

/// <summary>One bot of <see cref="FakeTelegramBotApi"/>: its update queue, sent messages, files and blocked users.</summary>
public sealed class FakeBot(long id, string token, string username)
{
    private readonly Lock gate = new();
    private readonly List<JsonObject> unconfirmed = [];
    private readonly Dictionary<string, FakeFile> files = new(StringComparer.Ordinal);
    private readonly Dictionary<long, string> profilePhotos = [];
    private readonly HashSet<long> blockedBy = [];
    private readonly List<TelegramSent> sent = [];
    private readonly List<int?> offsets = [];
    private readonly ConcurrentDictionary<int, int> deliveries = new();
    private TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int nextUpdateId = 100_000;
    private int nextMessageId;
    private int nextFile;

    public long Id { get; } = id;

    public string Token { get; } = token;

    public string Username { get; } = username;

    public string? WebhookUrl { get; set; }

    public string? WebhookSecret { get; set; }

    /// <summary>The <c>offset</c> of every <c>getUpdates</c> call, in order (null when none was given).</summary>
    public IReadOnlyList<int?> GetUpdatesOffsets
    {
        get
        {
            lock (gate)
            {
                return offsets.ToList();
            }
        }
    }

    public IReadOnlyList<TelegramSent> Sent
    {
        get
        {
            lock (gate)
            {
                return sent.ToList();
            }
        }
    }

    /// <summary>How many times each update id was handed out by <c>getUpdates</c>.</summary>
    public IReadOnlyDictionary<int, int> Deliveries => deliveries;

    public int LastUpdateId
    {
        get
        {
            lock (gate)
            {
                return nextUpdateId;
            }
        }
    }

    public void SetProfilePhoto(TelegramUser user, byte[] jpeg)
    {
        var file = AddFile(jpeg, "profile_photos");
        lock (gate)
        {
            profilePhotos[user.Id] = file.FileId;
        }
    }

    public void Block(long userId)
    {
        lock (gate)
        {
            blockedBy.Add(userId);
        }
    }

    public bool IsBlockedBy(long chatId)
    {
        lock (gate)
        {
            return blockedBy.Contains(chatId);
        }
    }

    /// <summary>The user writes a text message in their private chat with the bot; returns the update.</summary>
    public JsonObject UserSends(TelegramUser user, string text) =>
        Enqueue("message", Message(user, PrivateChat(user), m => m["text"] = text));

    public JsonObject UserSendsPhoto(TelegramUser user, byte[] jpeg, string? caption = null)
    {
        var small = AddFile(jpeg[..Math.Min(jpeg.Length, 16)], "photos");
        var large = AddFile(jpeg, "photos");
        return Enqueue("message", Message(user, PrivateChat(user), m =>
        {
            m["photo"] = new JsonArray(
                new JsonObject { ["file_id"] = small.FileId, ["file_unique_id"] = small.UniqueId, ["file_size"] = small.Content.Length, ["width"] = 90, ["height"] = 67 },
                new JsonObject { ["file_id"] = large.FileId, ["file_unique_id"] = large.UniqueId, ["file_size"] = large.Content.Length, ["width"] = 1280, ["height"] = 960 });
            if (caption is not null)
            {
                m["caption"] = caption;
            }
        }));
    }

    public JsonObject UserSendsDocument(TelegramUser user, string fileName, string mimeType, byte[] content, string? caption = null)
    {
        var file = AddFile(content, "documents");
        return Enqueue("message", Message(user, PrivateChat(user), m =>
        {
            m["document"] = new JsonObject
            {
                ["file_name"] = fileName,
                ["mime_type"] = mimeType,
                ["file_id"] = file.FileId,
                ["file_unique_id"] = file.UniqueId,
                ["file_size"] = content.Length,
            };
            if (caption is not null)
            {
                m["caption"] = caption;
            }
        }));
    }

    /// <summary>The user edits an earlier text message (Telegram sends an <c>edited_message</c> update).</summary>
    public JsonObject UserEdits(TelegramUser user, JsonObject originalUpdate, string newText, int secondsLater = 60)
    {
        var original = originalUpdate["message"]!.AsObject();
        var edited = original.DeepClone().AsObject();
        edited["text"] = newText;
        edited["edit_date"] = original["date"]!.GetValue<long>() + secondsLater;
        return Enqueue("edited_message", edited);
    }

    public JsonObject UserSendsInGroup(TelegramUser user, long groupId, string text) =>
        Enqueue("message", Message(user, new JsonObject { ["id"] = groupId, ["title"] = "Customers group", ["type"] = "supergroup" }, m => m["text"] = text));

    /// <summary>An update the fake does not queue (for webhook tests that post it themselves).</summary>
    public JsonObject UpdateNotQueued(TelegramUser user, string text)
    {
        var update = new JsonObject { ["message"] = Message(user, PrivateChat(user), m => m["text"] = text) };
        lock (gate)
        {
            update["update_id"] = ++nextUpdateId;
        }

        return update;
    }

    internal JsonObject Me() => new()
    {
        ["id"] = Id,
        ["is_bot"] = true,
        ["first_name"] = "Desk Bot",
        ["username"] = Username,
        ["can_join_groups"] = true,
        ["can_read_all_group_messages"] = false,
        ["supports_inline_queries"] = false,
    };

    internal async Task<JsonArray> GetUpdatesAsync(int? offset, int limit, int timeoutSeconds, CancellationToken aborted)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(timeoutSeconds);
        lock (gate)
        {
            offsets.Add(offset);
        }

        while (true)
        {
            Task wake;
            lock (gate)
            {
                if (offset is { } confirmedBelow)
                {
                    unconfirmed.RemoveAll(u => u["update_id"]!.GetValue<int>() < confirmedBelow);
                }

                if (unconfirmed.Count > 0)
                {
                    var batch = unconfirmed.Take(Math.Clamp(limit, 1, 100)).ToList();
                    foreach (var update in batch)
                    {
                        deliveries.AddOrUpdate(update["update_id"]!.GetValue<int>(), 1, (_, n) => n + 1);
                    }

                    return new JsonArray(batch.Select(u => (JsonNode)u.DeepClone()).ToArray());
                }

                wake = arrived.Task;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || aborted.IsCancellationRequested)
            {
                return [];
            }

            try
            {
                await wake.WaitAsync(left, aborted);
            }
            catch (TimeoutException)
            {
                return [];
            }
            catch (OperationCanceledException)
            {
                return [];
            }
        }
    }

    internal JsonObject ProfilePhotos(long userId)
    {
        string? fileId;
        lock (gate)
        {
            profilePhotos.TryGetValue(userId, out fileId);
        }

        if (fileId is null)
        {
            return new JsonObject { ["total_count"] = 0, ["photos"] = new JsonArray() };
        }

        var file = FileById(fileId)!;
        var sizes = new JsonArray(
            new JsonObject { ["file_id"] = "small-" + fileId, ["file_unique_id"] = "s" + file.UniqueId, ["width"] = 80, ["height"] = 80 },
            new JsonObject { ["file_id"] = fileId, ["file_unique_id"] = file.UniqueId, ["width"] = 160, ["height"] = 160, ["file_size"] = file.Content.Length },
            new JsonObject { ["file_id"] = "big-" + fileId, ["file_unique_id"] = "b" + file.UniqueId, ["width"] = 640, ["height"] = 640 });
        return new JsonObject { ["total_count"] = 1, ["photos"] = new JsonArray(sizes) };
    }

    internal FakeFile? FileById(string fileId)
    {
        lock (gate)
        {
            return files.GetValueOrDefault(fileId);
        }
    }

    internal FakeFile? FileByPath(string path)
    {
        lock (gate)
        {
            return files.Values.FirstOrDefault(f => f.Path == path);
        }
    }

    internal JsonObject RecordSent(string method, long chatId, string? text, int? replyTo, string? fileName, byte[]? file)
    {
        int messageId;
        lock (gate)
        {
            messageId = ++nextMessageId + 500_000;
            sent.Add(new TelegramSent(method, chatId, messageId, text, replyTo, fileName, file));
        }

        var message = new JsonObject
        {
            ["message_id"] = messageId,
            ["from"] = Me(),
            ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "private", ["first_name"] = "Client" },
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        };
        if (text is not null)
        {
            message["text"] = text;
        }

        if (fileName is not null)
        {
            message["document"] = new JsonObject { ["file_name"] = fileName, ["file_id"] = "sent-" + messageId, ["file_unique_id"] = "u" + messageId };
        }

        return message;
    }

    internal void WakePollers()
    {
        TaskCompletionSource previous;
        lock (gate)
        {
            previous = arrived;
            arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }

    private static JsonObject PrivateChat(TelegramUser user) => TelegramUser.Compact(new JsonObject
    {
        ["id"] = user.Id,
        ["first_name"] = user.FirstName,
        ["last_name"] = user.LastName,
        ["username"] = user.Username,
        ["type"] = "private",
    });

    private JsonObject Message(TelegramUser user, JsonObject chat, Action<JsonObject> fill)
    {
        var message = new JsonObject
        {
            ["message_id"] = Interlocked.Increment(ref nextMessageId),
            ["from"] = user.ToJson(),
            ["chat"] = chat,
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        };
        fill(message);
        return message;
    }

    private JsonObject Enqueue(string kind, JsonObject message)
    {
        JsonObject update;
        lock (gate)
        {
            update = new JsonObject { ["update_id"] = ++nextUpdateId, [kind] = message };
            unconfirmed.Add(update);
        }

        WakePollers();
        return update;
    }

    private FakeFile AddFile(byte[] content, string folder)
    {
        lock (gate)
        {
            var n = ++nextFile;
            var file = new FakeFile($"AgACAgIAAx{Id}file{n}", $"AQAD{n}", $"{folder}/file_{n}.bin", content);
            files[file.FileId] = file;
            return file;
        }
    }
}

public sealed record FakeFile(string FileId, string UniqueId, string Path, byte[] Content);
