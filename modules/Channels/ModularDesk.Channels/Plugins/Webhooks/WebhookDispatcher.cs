using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.Channels.Plugins.Supervision;
using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Channels.Plugins.Webhooks;

/// <summary>
/// Hands an HTTP request for <c>/channels/{id}/webhook</c> to the channel's connector as an SDK
/// <see cref="WebhookRequest"/> and writes its <see cref="WebhookResponse"/> back. Connectors never see
/// ASP.NET Core types. The route itself (finding the channel, 404 for unknown ids) belongs to the
/// channel endpoints; they call <see cref="DispatchAsync"/>.
/// </summary>
internal sealed partial class WebhookDispatcher(ChannelConnectors connectors, ILogger<WebhookDispatcher> logger)
{
    /// <summary>Largest webhook body read; WhatsApp and Telegram payloads are a few kilobytes.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public async Task<IResult> DispatchAsync(HttpContext http, SupervisedChannel channel)
    {
        IWebhookConnector? webhook;
        try
        {
            webhook = connectors.Get(channel) as IWebhookConnector;
        }
        catch (Exception e)
        {
            LogConnectorUnavailable(e, channel.ChannelId, channel.PluginId);
            return Problems.Create(StatusCodes.Status503ServiceUnavailable, "connector-unavailable", "The channel's connector could not start");
        }

        if (webhook is null)
        {
            return Problems.NotFound("This channel does not receive webhooks.");
        }

        var body = await ReadBodyAsync(http.Request, http.RequestAborted);
        if (body is null)
        {
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, "body-too-large", "The webhook body is too large");
        }

        WebhookResponse response;
        try
        {
            response = await webhook.HandleWebhookAsync(ToSdkRequest(http, body.Value), http.RequestAborted);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return Results.Empty;
        }
        catch (Exception e)
        {
            // The service will retry; the plugin's details stay in the log, not in the response.
            LogWebhookFailed(e, channel.ChannelId, channel.PluginId);
            return Problems.Create(StatusCodes.Status500InternalServerError, "webhook-failed", "The connector could not handle the webhook");
        }

        return new SdkWebhookResult(response);
    }

    internal static WebhookRequest ToSdkRequest(HttpContext http, ReadOnlyMemory<byte> body)
    {
        var query = http.Request.Query.ToDictionary(q => q.Key, q => Values(q.Value), StringComparer.Ordinal);
        var headers = http.Request.Headers.ToDictionary(h => h.Key, h => Values(h.Value), StringComparer.OrdinalIgnoreCase);
        return new WebhookRequest(
            http.Request.Method.ToUpperInvariant(),
            http.Request.Path.Value ?? "/",
            query,
            headers,
            body,
            http.Connection.RemoteIpAddress);
    }

    private static IReadOnlyList<string> Values(StringValues values) => values.Select(v => v ?? string.Empty).ToArray();

    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    [LoggerMessage(LogLevel.Error, "Channel {ChannelId} ({PluginId}): the connector could not be created for a webhook")]
    private partial void LogConnectorUnavailable(Exception exception, Guid channelId, string pluginId);

    [LoggerMessage(LogLevel.Error, "Channel {ChannelId} ({PluginId}): the connector threw while handling a webhook")]
    private partial void LogWebhookFailed(Exception exception, Guid channelId, string pluginId);
}
