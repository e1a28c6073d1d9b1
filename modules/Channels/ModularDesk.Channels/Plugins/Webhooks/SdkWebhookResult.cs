using Microsoft.AspNetCore.Http;
using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Channels.Plugins.Webhooks;

/// <summary>Writes a connector's <see cref="WebhookResponse"/> as the HTTP response, byte for byte.</summary>
internal sealed class SdkWebhookResult(WebhookResponse response) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var http = httpContext.Response;
        http.StatusCode = response.StatusCode;
        foreach (var (name, value) in response.Headers)
        {
            if (string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                http.ContentType = value;
            }
            else if (!string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                http.Headers[name] = value;
            }
        }

        if (!response.Body.IsEmpty)
        {
            http.ContentLength = response.Body.Length;
            await http.Body.WriteAsync(response.Body, httpContext.RequestAborted);
        }
    }
}
