using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ModularDesk.Plugins.Messengers.Tests.Fakes;

/// <summary>A message the business sent through the fake, as its JSON body arrived.</summary>
public sealed record GraphSent(string PhoneNumberId, string To, string Type, JsonObject Body, string MessageId);

/// <summary>
/// A local stand-in for the WhatsApp Cloud API on the Graph API: <c>POST /{version}/{phone-number-id}/messages</c>
/// (text, template, document; error 131047 for a recipient whose 24-hour window is closed and the template is not used),
/// <c>POST /{version}/{phone-number-id}/media</c>, <c>GET /{version}/{media-id}</c> → a download URL,
/// <c>GET /media/{id}</c> (the download, token required) and <c>GET /{version}/{phone-number-id}</c>.
/// Every call needs <c>Authorization: Bearer {AccessToken}</c>, else Meta's OAuth error 190.
/// </summary>
public sealed class FakeGraphApi : FakeServer
{
    public const string Version = "v23.0";
    private readonly ConcurrentDictionary<string, (byte[] Content, string MimeType)> media = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<GraphSent> sent = new();
    private int next;

    public string AccessToken { get; } = "EAAG" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    /// <summary>wa_ids whose customer-service window is closed: free text to them fails with 131047.</summary>
    public ConcurrentDictionary<string, bool> ClosedWindows { get; } = new(StringComparer.Ordinal);

    /// <summary>Templates that exist (approved); others fail with 132001.</summary>
    public ConcurrentDictionary<string, bool> Templates { get; } = new(StringComparer.Ordinal);

    /// <summary>How many media downloads were served.</summary>
    public int MediaDownloads => downloads;

    private int downloads;

    public IReadOnlyList<GraphSent> Sent => sent.ToList();

    public IReadOnlyList<GraphSent> SentTo(string waId) => sent.Where(s => s.To == waId).ToList();

    /// <summary>Stores a file the way a client's upload ends up at Meta; returns its media id for a webhook.</summary>
    public string AddMedia(byte[] content, string mimeType)
    {
        var id = "1" + Interlocked.Increment(ref next).ToString("D15", System.Globalization.CultureInfo.InvariantCulture);
        media[id] = (content, mimeType);
        return id;
    }

    protected override void Map(WebApplication app)
    {
        app.MapPost("/{version}/{phoneNumberId}/messages", SendAsync);
        app.MapPost("/{version}/{phoneNumberId}/media", UploadAsync);
        app.MapGet("/media/{id}", (string id, HttpRequest request) =>
        {
            if (!Authorized(request))
            {
                return OAuthError();
            }

            if (!media.TryGetValue(id, out var file))
            {
                return Results.NotFound();
            }

            Interlocked.Increment(ref downloads);
            return Results.Bytes(file.Content, file.MimeType);
        });
        app.MapGet("/{version}/{id}", (string id, HttpRequest request) =>
        {
            if (!Authorized(request))
            {
                return OAuthError();
            }

            if (media.TryGetValue(id, out var file))
            {
                return Json(new JsonObject
                {
                    ["messaging_product"] = "whatsapp",
                    ["url"] = $"{BaseUrl}/media/{id}",
                    ["mime_type"] = file.MimeType,
                    ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(file.Content)),
                    ["file_size"] = file.Content.Length,
                    ["id"] = id,
                });
            }

            return request.Query.ContainsKey("fields")
                ? Json(new JsonObject { ["display_phone_number"] = "+1 555-0100", ["verified_name"] = "Acme Support", ["id"] = id })
                : GraphError(400, 100, "Unsupported get request.", null);
        });
    }

    private async Task<IResult> SendAsync(string phoneNumberId, HttpRequest request)
    {
        if (!Authorized(request))
        {
            return OAuthError();
        }

        if (await JsonNode.ParseAsync(request.Body) is not JsonObject body
            || body["messaging_product"]?.GetValue<string>() != "whatsapp"
            || body["to"]?.GetValue<string>() is not { Length: > 0 } to
            || body["type"]?.GetValue<string>() is not { } type)
        {
            return GraphError(400, 100, "(#100) Invalid parameter", "Parameter messaging_product, to or type is missing.");
        }

        if (type == "template")
        {
            var name = body["template"]?["name"]?.GetValue<string>() ?? "";
            if (!Templates.ContainsKey(name))
            {
                return GraphError(404, 132001, "(#132001) Template name does not exist in the translation", $"template name ({name}) does not exist in en_US");
            }
        }
        else if (ClosedWindows.ContainsKey(to))
        {
            return GraphError(
                400, 131047, "(#131047) Re-engagement message",
                "Message failed to send because more than 24 hours have passed since the customer last replied to this number.");
        }

        var id = "wamid.HBgL" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        sent.Enqueue(new GraphSent(phoneNumberId, to, type, body, id));
        return Json(new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["contacts"] = new JsonArray(new JsonObject { ["input"] = to, ["wa_id"] = to }),
            ["messages"] = new JsonArray(new JsonObject { ["id"] = id }),
        });
    }

    private async Task<IResult> UploadAsync(string phoneNumberId, HttpRequest request)
    {
        if (!Authorized(request))
        {
            return OAuthError();
        }

        var form = await request.ReadFormAsync();
        if (form["messaging_product"] != "whatsapp" || form.Files.GetFile("file") is not { } file)
        {
            return GraphError(400, 100, "(#100) Invalid parameter", "messaging_product and file are required.");
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer);
        return Json(new JsonObject { ["id"] = AddMedia(buffer.ToArray(), file.ContentType) });
    }

    private bool Authorized(HttpRequest request) => request.Headers.Authorization.ToString() == "Bearer " + AccessToken;

    private static IResult OAuthError() => Results.Content(
        new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["message"] = "Invalid OAuth access token - Cannot parse access token",
                ["type"] = "OAuthException",
                ["code"] = 190,
                ["fbtrace_id"] = "AbCdEf",
            },
        }.ToJsonString(),
        "application/json",
        statusCode: 401);

    private static IResult GraphError(int status, int code, string message, string? details)
    {
        var error = new JsonObject
        {
            ["message"] = message,
            ["type"] = "OAuthException",
            ["code"] = code,
            ["fbtrace_id"] = "AbCdEf",
        };
        if (details is not null)
        {
            error["error_data"] = new JsonObject { ["messaging_product"] = "whatsapp", ["details"] = details };
        }

        return Results.Content(new JsonObject { ["error"] = error }.ToJsonString(), "application/json", statusCode: status);
    }

    private static IResult Json(JsonObject body) => Results.Content(body.ToJsonString(), "application/json");
}
