using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace ModularDesk.Plugins.WhatsApp;

/// <summary>
/// The Cloud API calls the connector makes, over a host-managed <see cref="HttpClient"/>: send a message, upload and
/// download media, read the phone number. Every call carries the access token; errors become <see cref="GraphApiException"/>.
/// </summary>
internal sealed class GraphApiClient(HttpClient http, WhatsAppSettings settings)
{
    private string Versioned(string path) => $"{settings.ApiBaseUrl}/{settings.ApiVersion}/{path}";

    /// <summary>POST /{version}/{phone-number-id}/messages; returns the new message's wamid.</summary>
    public async Task<string> SendMessageAsync(object body, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, Versioned($"{settings.PhoneNumberId}/messages"));
        request.Content = JsonContent.Create(body, options: GraphJson.Options);
        using var response = await SendAsync(request, cancellationToken);
        var sent = await response.Content.ReadFromJsonAsync<SendResponse>(GraphJson.Options, cancellationToken);
        return sent?.Messages is [{ Id: { Length: > 0 } id }, ..]
            ? id
            : throw new GraphApiException(response.StatusCode, null, "The Cloud API accepted the message but returned no message id.");
    }

    /// <summary>POST /{version}/{phone-number-id}/media (multipart); returns the media id to send.</summary>
    public async Task<string> UploadMediaAsync(string fileName, string contentType, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, Versioned($"{settings.PhoneNumberId}/media"));
        var file = new ReadOnlyMemoryContent(content);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(string.IsNullOrWhiteSpace(contentType) ? "application/octet-stream" : contentType);
        request.Content = new MultipartFormDataContent
        {
            { new StringContent("whatsapp"), "messaging_product" },
            { new StringContent(file.Headers.ContentType.MediaType ?? "application/octet-stream"), "type" },
            { file, "file", fileName },
        };
        using var response = await SendAsync(request, cancellationToken);
        var uploaded = await response.Content.ReadFromJsonAsync<MediaUploaded>(GraphJson.Options, cancellationToken);
        return uploaded?.Id is { Length: > 0 } id ? id : throw new GraphApiException(response.StatusCode, null, "The Cloud API returned no media id.");
    }

    /// <summary>GET /{version}/{media-id} for the short-lived URL, then the bytes from it (also with the token).</summary>
    public async Task<(byte[] Content, string? MimeType)> DownloadMediaAsync(string mediaId, CancellationToken cancellationToken)
    {
        MediaInfo? info;
        using (var request = Request(HttpMethod.Get, Versioned(Uri.EscapeDataString(mediaId))))
        using (var response = await SendAsync(request, cancellationToken))
        {
            info = await response.Content.ReadFromJsonAsync<MediaInfo>(GraphJson.Options, cancellationToken);
        }

        if (info?.Url is not { Length: > 0 } url || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new GraphApiException(HttpStatusCode.OK, null, "The Cloud API returned no download URL for a media file.");
        }

        using var download = Request(HttpMethod.Get, uri.ToString());
        using var file = await SendAsync(download, cancellationToken);
        return (await file.Content.ReadAsByteArrayAsync(cancellationToken), info.MimeType);
    }

    /// <summary>GET /{version}/{phone-number-id}: the number as WhatsApp shows it, for the connection test.</summary>
    public async Task<PhoneNumberInfo> GetPhoneNumberAsync(CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, Versioned($"{settings.PhoneNumberId}?fields=display_phone_number,verified_name"));
        using var response = await SendAsync(request, cancellationToken);
        return await response.Content.ReadFromJsonAsync<PhoneNumberInfo>(GraphJson.Options, cancellationToken)
               ?? new PhoneNumberInfo(null, null);
    }

    private HttpRequestMessage Request(HttpMethod method, string url)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.AccessToken);
        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            GraphError? error = null;
            try
            {
                error = (await response.Content.ReadFromJsonAsync<GraphErrorResponse>(GraphJson.Options, cancellationToken))?.Error;
            }
            catch (JsonException)
            {
                // Proxies and outages answer with HTML; the status code is all there is.
            }
            catch (NotSupportedException)
            {
            }

            throw new GraphApiException(response.StatusCode, error, error?.Message ?? $"The Cloud API answered {(int)response.StatusCode}.");
        }
    }

    private sealed record SendResponse(IReadOnlyList<SentMessage>? Messages);

    private sealed record SentMessage(string? Id);

    private sealed record MediaUploaded(string? Id);

    private sealed record MediaInfo(string? Url, string? MimeType, string? Sha256, long? FileSize, string? Id);
}

internal sealed record PhoneNumberInfo(string? DisplayPhoneNumber, string? VerifiedName);

/// <summary>A Cloud API call that failed: the HTTP status and, when the body had one, Meta's error object.</summary>
internal sealed class GraphApiException(HttpStatusCode status, GraphError? error, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    public GraphError? Error { get; } = error;
}
