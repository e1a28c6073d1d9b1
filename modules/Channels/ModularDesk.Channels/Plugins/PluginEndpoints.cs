using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ModularDesk.BuildingBlocks.Security;

namespace ModularDesk.Channels.Plugins;

internal static class PluginEndpoints
{
    /// <summary>Maps <c>GET /plugins</c> on the <c>/api/v1</c> group (admins only).</summary>
    public static void MapPluginEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/plugins", (PluginCatalog catalog) => TypedResults.Ok(catalog.All.Select(PluginSummary.From).ToList()))
            .RequireAuthorization(Policies.Admin)
            .WithTags("Plugins")
            .WithName("ListPlugins")
            .WithSummary("Channel plugins this host found, with their load status and the reason when one was skipped.");
    }
}
