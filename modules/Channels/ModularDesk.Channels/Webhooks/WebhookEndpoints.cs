using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.Channels.Instances;
using ModularDesk.Channels.Persistence;
using ModularDesk.Channels.Plugins;
using ModularDesk.Channels.Plugins.Webhooks;
using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Channels.Webhooks;

/// <summary>
/// <c>ANY /channels/{id}/webhook[/…]</c>: no bearer auth (the services calling it have none; plugins verify
/// signatures). Finds the channel and hands the request to its connector through <see cref="WebhookDispatcher"/>.
/// </summary>
internal static class WebhookEndpoints
{
    public static void MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var pattern in new[] { "/channels/{id}/webhook", "/channels/{id}/webhook/{**rest}" })
        {
            app.Map(pattern, HandleAsync)
                .AllowAnonymous()
                .WithMetadata(new BodySizeLimit(WebhookDispatcher.MaxBodyBytes))
                .WithTags("Webhooks")
                .ExcludeFromDescription();
        }
    }

    private static async Task<IResult> HandleAsync(
        HttpContext http, string id, ChannelsDbContext db, PluginCatalog catalog, WebhookDispatcher dispatcher)
    {
        var channel = Guid.TryParse(id, out var channelId)
            ? await db.ChannelInstances.AsNoTracking().SingleOrDefaultAsync(c => c.Id == channelId, http.RequestAborted)
            : null;
        if (channel is null || !channel.Enabled)
        {
            return Problems.NotFound("No enabled channel has this id.");
        }

        if (catalog.Find(channel.PluginId) is not { Status: PluginStatus.Loaded } plugin
            || !plugin.Capabilities.Contains(PluginCapabilities.Webhook, StringComparer.OrdinalIgnoreCase))
        {
            return Problems.NotFound("This channel does not receive webhooks.");
        }

        return await dispatcher.DispatchAsync(http, ChannelSupervision.ToSupervised(channel));
    }
}
