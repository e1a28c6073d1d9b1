using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.Channels.Plugins;
using ModularDesk.Channels.Plugins.Supervision;
using ModularDesk.Channels.Plugins.Webhooks;
using ModularDesk.Plugins.Sdk;
using Npgsql;

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
        HttpContext http, string id, NpgsqlDataSource dataSource, PluginCatalog catalog, WebhookDispatcher dispatcher)
    {
        // Every webhook looks its channel up (a disabled or changed channel applies to the next request); only the
        // three columns needed, without materializing settings and secrets: this runs once per delivered message.
        var channel = Guid.TryParse(id, out var channelId) ? await FindAsync(dataSource, channelId, http.RequestAborted) : null;
        if (channel is null || !channel.Value.Enabled)
        {
            return Problems.NotFound("No enabled channel has this id.");
        }

        if (catalog.Find(channel.Value.PluginId) is not { Status: PluginStatus.Loaded } plugin
            || !plugin.Capabilities.Contains(PluginCapabilities.Webhook, StringComparer.OrdinalIgnoreCase))
        {
            return Problems.NotFound("This channel does not receive webhooks.");
        }

        return await dispatcher.DispatchAsync(http, channel.Value.Supervised);
    }

    private static async Task<(bool Enabled, string PluginId, SupervisedChannel Supervised)?> FindAsync(
        NpgsqlDataSource dataSource, Guid channelId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT plugin_id, enabled, xmin FROM channels.channel_instances WHERE id = @id");
        command.Parameters.AddWithValue("id", channelId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var pluginId = reader.GetString(0);
        var revision = reader.GetFieldValue<uint>(2).ToString(CultureInfo.InvariantCulture); // as ChannelSupervision.ToSupervised
        return (reader.GetBoolean(1), pluginId, new SupervisedChannel(channelId, pluginId, revision));
    }
}
