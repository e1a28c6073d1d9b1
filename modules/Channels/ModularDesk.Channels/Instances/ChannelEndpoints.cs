using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.BuildingBlocks.Security;
using ModularDesk.Channels.Persistence;
using ModularDesk.Channels.Plugins;

namespace ModularDesk.Channels.Instances;

/// <summary>Admin CRUD of channel instances under <c>/api/v1/channels</c>. Secrets are write-only.</summary>
internal static partial class ChannelEndpoints
{
    private const int MaxNameLength = 200;

    public static void MapChannelEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/channels").RequireAuthorization(Policies.Admin).WithTags("Channels");
        group.MapGet("/", ListAsync).WithName("ListChannels").WithSummary("Channel instances, oldest first.");
        group.MapGet("/{id}", GetAsync).WithName("GetChannel").WithSummary("One channel; secrets show only as names in secretsSet.");
        group.MapPost("/", CreateAsync).WithName("CreateChannel").WithSummary("Creates a channel of an installed plugin.");
        group.MapPatch("/{id}", UpdateAsync).WithName("UpdateChannel")
            .WithSummary("Merge patch of name, enabled and settings; a secret sent as null is removed, an omitted one kept.");
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteChannel").WithSummary("Deletes a channel (not the built-in API channel).");
        group.MapPost("/{id}/test", TestAsync).WithName("TestChannel")
            .WithSummary("Asks the channel's connector to check its settings against the real service.");
    }

    private static async Task<IResult> ListAsync(int? limit, string? cursor, ChannelsDbContext db, CancellationToken cancellationToken)
    {
        var page = PageRequest.From(limit, cursor);
        var query = db.ChannelInstances.AsNoTracking();
        if (page.Cursor is not null)
        {
            if (!Guid.TryParse(page.Cursor, out var after))
            {
                return Problems.Validation("cursor", "Not a cursor this list returned.");
            }

            query = query.Where(c => c.Id.CompareTo(after) > 0);
        }

        var rows = await query.OrderBy(c => c.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        var next = rows.Count > page.Limit ? rows[page.Limit - 1].Id.ToString() : null;
        return TypedResults.Ok(new Page<ChannelView>(rows.Take(page.Limit).Select(ChannelView.From).ToList(), next));
    }

    private static async Task<IResult> GetAsync(string id, ChannelsDbContext db, HttpResponse response, CancellationToken cancellationToken)
    {
        var channel = await FindAsync(db, id, cancellationToken);
        if (channel is null)
        {
            return NotFound();
        }

        response.Headers.ETag = ChannelView.ETag(channel);
        return TypedResults.Ok(ChannelView.From(channel));
    }

    private static async Task<IResult> CreateAsync(
        CreateChannelRequest? request,
        ChannelsDbContext db,
        PluginCatalog catalog,
        ChannelSettingsEditor editor,
        ChannelSupervision supervision,
        TimeProvider clock,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return Problems.Validation("body", "A JSON object is required.");
        }

        var errors = new ValidationErrors();
        errors.Required("name", request.Name, MaxNameLength);
        if (string.IsNullOrWhiteSpace(request.PluginId))
        {
            errors.Add("pluginId", "Required.");
        }
        else if (catalog.Find(request.PluginId) is not { } plugin)
        {
            errors.Add("pluginId", $"No plugin '{request.PluginId}' is installed; GET /api/v1/plugins lists them.");
        }
        else if (plugin.Status != PluginStatus.Loaded)
        {
            errors.Add("pluginId", $"The plugin '{request.PluginId}' did not load: {plugin.Error}");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var now = clock.GetUtcNow();
        var channel = new ChannelInstance
        {
            Id = Guid.CreateVersion7(),
            PluginId = request.PluginId!,
            Name = request.Name!.Trim(),
            Enabled = request.Enabled ?? true,
            CreatedAt = now,
            UpdatedAt = now,
        };
        editor.Apply(channel, request.Settings ?? [], errors);
        editor.CheckRequired(channel, errors);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        db.ChannelInstances.Add(channel);
        await db.SaveChangesAsync(cancellationToken);
        await supervision.ChangedAsync(channel, cancellationToken);

        response.Headers.ETag = ChannelView.ETag(channel);
        return TypedResults.Created($"/api/v1/channels/{channel.Id}", ChannelView.From(channel));
    }

    private static async Task<IResult> UpdateAsync(
        string id,
        JsonObject? patch,
        HttpRequest request,
        ChannelsDbContext db,
        ChannelSettingsEditor editor,
        ChannelSupervision supervision,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var channel = await FindAsync(db, id, cancellationToken);
        if (channel is null)
        {
            return NotFound();
        }

        if (patch is null)
        {
            return Problems.Validation("body", "A JSON object is required.");
        }

        if (EntityVersions.IsStale(request, ChannelView.ETag(channel)))
        {
            return Problems.PreconditionFailed("The channel changed since it was read; GET it again.");
        }

        var errors = new ValidationErrors();
        foreach (var (key, value) in patch)
        {
            switch (key)
            {
                case "name":
                    if (value?.GetValueKind() != JsonValueKind.String
                        || value.GetValue<string>() is not { } name
                        || string.IsNullOrWhiteSpace(name)
                        || name.Length > MaxNameLength)
                    {
                        errors.Add("name", $"Required, a string of at most {MaxNameLength} characters.");
                    }
                    else
                    {
                        channel.Name = name.Trim();
                    }

                    break;
                case "enabled":
                    if (value?.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
                    {
                        channel.Enabled = value.GetValue<bool>();
                    }
                    else
                    {
                        errors.Add("enabled", "Must be true or false.");
                    }

                    break;
                case "settings":
                    if (value is JsonObject settings)
                    {
                        editor.Apply(channel, settings, errors);
                    }
                    else if (value is not null)
                    {
                        errors.Add("settings", "Must be an object.");
                    }

                    break;
                case "pluginId":
                    if (value?.GetValueKind() != JsonValueKind.String || value.GetValue<string>() != channel.PluginId)
                    {
                        errors.Add("pluginId", "A channel's plugin cannot be changed; create a new channel.");
                    }

                    break;
                default:
                    // Read-only fields of the GET body (id, secretsSet, createdAt, …) may come back in a PATCH; they are ignored.
                    break;
            }
        }

        editor.CheckRequired(channel, errors);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        channel.UpdatedAt = clock.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.PreconditionFailed("The channel changed while this change was saved; GET it again.");
        }

        await supervision.ChangedAsync(channel, cancellationToken);
        request.HttpContext.Response.Headers.ETag = ChannelView.ETag(channel);
        return TypedResults.Ok(ChannelView.From(channel));
    }

    private static async Task<IResult> DeleteAsync(
        string id, ChannelsDbContext db, ChannelSupervision supervision, CancellationToken cancellationToken)
    {
        var channel = await FindAsync(db, id, cancellationToken);
        if (channel is null)
        {
            return NotFound();
        }

        if (channel.IsBuiltIn)
        {
            return Problems.Conflict(
                "built-in-channel", "The built-in channel cannot be deleted", "The API channel receives POST /api/v1/inbound; disable it instead.");
        }

        db.ChannelInstances.Remove(channel);
        await db.SaveChangesAsync(cancellationToken);
        await supervision.RemovedAsync(channel.Id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> TestAsync(
        string id,
        ChannelsDbContext db,
        PluginCatalog catalog,
        ChannelConnectors connectors,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        var channel = await FindAsync(db, id, cancellationToken);
        if (channel is null)
        {
            return NotFound();
        }

        return TypedResults.Ok(await TestConnectionAsync(channel, catalog, connectors, loggerFactory.CreateLogger(typeof(ChannelEndpoints)), cancellationToken));
    }

    private static async Task<ChannelTestResult> TestConnectionAsync(
        ChannelInstance channel, PluginCatalog catalog, ChannelConnectors connectors, ILogger logger, CancellationToken cancellationToken)
    {
        if (channel.PluginId == Contracts.BuiltInChannels.ApiPluginId)
        {
            return new ChannelTestResult(true, "API channels need no connection: messages arrive through POST /api/v1/inbound.");
        }

        var plugin = catalog.Find(channel.PluginId);
        if (plugin is null)
        {
            return new ChannelTestResult(false, $"The plugin '{channel.PluginId}' is not installed on this host.");
        }

        if (plugin.Status != PluginStatus.Loaded)
        {
            return new ChannelTestResult(false, $"The plugin '{channel.PluginId}' did not load: {plugin.Error}");
        }

        try
        {
            var connector = connectors.Get(ChannelSupervision.ToSupervised(channel));
            if (connector is null)
            {
                return new ChannelTestResult(false, $"The plugin '{channel.PluginId}' has no connector to test.");
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            var result = await connector.TestConnectionAsync(timeout.Token);
            return new ChannelTestResult(result.Ok, result.Reason);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ChannelTestResult(false, "The connector did not answer within 60 seconds.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The exception stays in the log: a plugin's message may quote a URL with a token in it.
            LogTestFailed(logger, e, channel.Id, channel.PluginId);
            return new ChannelTestResult(false, $"The connector failed ({e.GetType().Name}); the host log has the details.");
        }
    }

    private static async Task<ChannelInstance?> FindAsync(ChannelsDbContext db, string id, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var channelId)
            ? await db.ChannelInstances.SingleOrDefaultAsync(c => c.Id == channelId, cancellationToken)
            : null;

    private static IResult NotFound() => Problems.NotFound("No channel has this id.");

    [LoggerMessage(LogLevel.Warning, "Channel {ChannelId} ({PluginId}): the connection test threw")]
    private static partial void LogTestFailed(ILogger logger, Exception exception, Guid channelId, string pluginId);
}
