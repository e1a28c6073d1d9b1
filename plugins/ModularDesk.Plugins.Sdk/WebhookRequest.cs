using System.Net;

namespace ModularDesk.Plugins.Sdk;

/// <summary>A webhook call as the host received it, without any host framework types.</summary>
/// <param name="Method">The HTTP method in upper case (<c>GET</c>, <c>POST</c>).</param>
/// <param name="Path">The request path, e.g. <c>/channels/7b0…/webhook</c>.</param>
/// <param name="Query">Query string values by name (names compared case-sensitively); a name may repeat.</param>
/// <param name="Headers">Header values by name (names compared case-insensitively); a header may repeat.</param>
/// <param name="Body">The raw body bytes exactly as sent, for signature checks; empty when there is none.</param>
/// <param name="RemoteIpAddress">The caller's address when known.</param>
public sealed record WebhookRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Query,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Headers,
    ReadOnlyMemory<byte> Body,
    IPAddress? RemoteIpAddress)
{
    /// <summary>The first value of a header, or <see langword="null"/> when absent.</summary>
    /// <param name="name">The header name, in any case.</param>
    /// <returns>The first value or <see langword="null"/>.</returns>
    public string? Header(string name) =>
        Headers.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    /// <summary>The first value of a query parameter, or <see langword="null"/> when absent.</summary>
    /// <param name="name">The parameter name, e.g. <c>hub.challenge</c>.</param>
    /// <returns>The first value or <see langword="null"/>.</returns>
    public string? QueryValue(string name) =>
        Query.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    /// <summary>The body decoded as UTF-8 text.</summary>
    /// <returns>The body text.</returns>
    public string BodyText() => System.Text.Encoding.UTF8.GetString(Body.Span);
}
