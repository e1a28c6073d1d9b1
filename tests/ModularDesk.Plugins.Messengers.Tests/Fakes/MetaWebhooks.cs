using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ModularDesk.Plugins.Messengers.Tests.Fakes;

/// <summary>
/// Webhook bodies as Meta posts them for the WhatsApp Cloud API (object <c>whatsapp_business_account</c>, field
/// <c>messages</c>), and the <c>X-Hub-Signature-256</c> header Meta computes: <c>sha256=</c> + hex HMAC-SHA256 of the
/// exact raw body with the app secret.
/// </summary>
public static class MetaWebhooks
{
    public static string Sign(string body, string appSecret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), Encoding.UTF8.GetBytes(body)));

    public static string NewMessageId() => "wamid.HBgLNDg1MTIzNDU2NzgVAgASGBQz" + Convert.ToHexString(RandomNumberGenerator.GetBytes(10));

    /// <summary>One inbound message from <paramref name="waId"/> named <paramref name="profileName"/>.</summary>
    public static string Message(string phoneNumberId, string waId, string profileName, JsonObject message) =>
        Envelope(phoneNumberId, new JsonObject
        {
            ["contacts"] = new JsonArray(new JsonObject { ["profile"] = new JsonObject { ["name"] = profileName }, ["wa_id"] = waId }),
            ["messages"] = new JsonArray(message),
        });

    /// <summary>A text message; <paramref name="sentAt"/> is when the client wrote it (Meta's <c>timestamp</c>), default now.</summary>
    public static JsonObject Text(string waId, string id, string body, DateTimeOffset? sentAt = null) =>
        Base(waId, id, "text", new JsonObject { ["body"] = body }, sentAt);

    public static JsonObject Media(string waId, string id, string type, string mediaId, string mimeType, string? caption = null, string? filename = null)
    {
        var media = new JsonObject
        {
            ["mime_type"] = mimeType,
            ["sha256"] = "fakeSha256Base64=",
            ["id"] = mediaId,
        };
        if (caption is not null)
        {
            media["caption"] = caption;
        }

        if (filename is not null)
        {
            media["filename"] = filename;
        }

        if (type == "audio")
        {
            media["voice"] = true;
        }

        return Base(waId, id, type, media);
    }

    /// <summary>A status callback for a message the business sent.</summary>
    public static string Status(string phoneNumberId, string waId, string messageId, string status, int? errorCode = null, string? errorTitle = null)
    {
        var entry = new JsonObject
        {
            ["id"] = messageId,
            ["status"] = status,
            ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["recipient_id"] = waId,
        };
        if (status is "sent" or "delivered")
        {
            entry["conversation"] = new JsonObject
            {
                ["id"] = "CONVERSATION_ID",
                ["origin"] = new JsonObject { ["type"] = "service" },
            };
            entry["pricing"] = new JsonObject { ["billable"] = true, ["pricing_model"] = "PMP", ["category"] = "service" };
        }

        if (errorCode is { } code)
        {
            entry["errors"] = new JsonArray(new JsonObject
            {
                ["code"] = code,
                ["title"] = errorTitle ?? "Message failed",
                ["message"] = errorTitle ?? "Message failed",
                ["error_data"] = new JsonObject { ["details"] = "Message failed to send because more than 24 hours have passed since the customer last replied to this number." },
            });
        }

        return Envelope(phoneNumberId, new JsonObject { ["statuses"] = new JsonArray(entry) });
    }

    private static JsonObject Base(string waId, string id, string type, JsonObject content, DateTimeOffset? sentAt = null) => new()
    {
        ["from"] = waId,
        ["id"] = id,
        ["timestamp"] = (sentAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["type"] = type,
        [type] = content,
    };

    private static string Envelope(string phoneNumberId, JsonObject value)
    {
        value["messaging_product"] = "whatsapp";
        value["metadata"] = new JsonObject { ["display_phone_number"] = "15550100", ["phone_number_id"] = phoneNumberId };
        var ordered = new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["metadata"] = value["metadata"]!.DeepClone(),
        };
        foreach (var (key, node) in value)
        {
            if (key is not "messaging_product" and not "metadata")
            {
                ordered[key] = node?.DeepClone();
            }
        }

        return new JsonObject
        {
            ["object"] = "whatsapp_business_account",
            ["entry"] = new JsonArray(new JsonObject
            {
                ["id"] = "102290129340398",
                ["changes"] = new JsonArray(new JsonObject { ["value"] = ordered, ["field"] = "messages" }),
            }),
        }.ToJsonString();
    }
}
