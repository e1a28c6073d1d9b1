using System.Text;
using System.Text.Json;

namespace ModularDesk.Plugins.Sdk;

/// <summary>What the host sends back to a webhook caller.</summary>
/// <param name="StatusCode">The HTTP status code.</param>
/// <param name="Headers">Response headers (include <c>Content-Type</c> when there is a body).</param>
/// <param name="Body">The response body; empty for none.</param>
public sealed record WebhookResponse(
    int StatusCode,
    IReadOnlyDictionary<string, string> Headers,
    ReadOnlyMemory<byte> Body)
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    /// <summary>200 with no body: the usual answer once the message is stored.</summary>
    /// <returns>The response.</returns>
    public static WebhookResponse Ok() => Status(200);

    /// <summary>A status code with no body, e.g. 401 for a bad signature.</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <returns>The response.</returns>
    public static WebhookResponse Status(int statusCode) => new(statusCode, NoHeaders, ReadOnlyMemory<byte>.Empty);

    /// <summary>A plain-text body (UTF-8), e.g. the <c>hub.challenge</c> echo of a verification handshake.</summary>
    /// <param name="text">The body text.</param>
    /// <param name="statusCode">The HTTP status code; 200 by default.</param>
    /// <returns>The response.</returns>
    public static WebhookResponse Text(string text, int statusCode = 200) => new(
        statusCode,
        new Dictionary<string, string> { ["Content-Type"] = "text/plain; charset=utf-8" },
        Encoding.UTF8.GetBytes(text));

    /// <summary>A JSON body serialized with camelCase names.</summary>
    /// <param name="value">The object to serialize.</param>
    /// <param name="statusCode">The HTTP status code; 200 by default.</param>
    /// <returns>The response.</returns>
    public static WebhookResponse Json(object value, int statusCode = 200) => new(
        statusCode,
        new Dictionary<string, string> { ["Content-Type"] = "application/json; charset=utf-8" },
        JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), JsonSerializerOptions.Web));
}
