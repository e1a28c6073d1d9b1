using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.BuildingBlocks.Security;
using ModularDesk.History.Paging;
using ModularDesk.History.Persistence;

namespace ModularDesk.History.Timeline;

/// <summary>
/// H1 <c>GET /clients/{id}/timeline</c> and H2 <c>GET /organizations/{id}/timeline</c>: newest first, keyset-paged,
/// <c>?channel=</c> (a channel type such as <c>email</c>, or a channel instance id) and <c>?kind=</c> (one or more, comma-separated).
/// </summary>
internal static class TimelineEndpoints
{
    public static void MapTimelineEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/clients/{id:guid}/timeline", ClientTimelineAsync)
            .RequireAuthorization(Policies.Agent).WithTags("History").WithName("GetClientTimeline")
            .WithSummary("The client's timeline across all channels and identities, newest first (H1).");
        api.MapGet("/organizations/{id:guid}/timeline", OrganizationTimelineAsync)
            .RequireAuthorization(Policies.Agent).WithTags("History").WithName("GetOrganizationTimeline")
            .WithSummary("The timeline of the organization's people, each entry under the organization the client was in at the time (H2).");
    }

    private static Task<IResult> ClientTimelineAsync(
        Guid id, string? channel, string? kind, string? cursor, int? limit, HistoryDbContext db, TimelineQuery query,
        CancellationToken cancellationToken) =>
        PageAsync(TimelineOwner.Client, id, channel, kind, cursor, limit, db, query, cancellationToken);

    private static Task<IResult> OrganizationTimelineAsync(
        Guid id, string? channel, string? kind, string? cursor, int? limit, HistoryDbContext db, TimelineQuery query,
        CancellationToken cancellationToken) =>
        PageAsync(TimelineOwner.Organization, id, channel, kind, cursor, limit, db, query, cancellationToken);

    private static async Task<IResult> PageAsync(
        TimelineOwner owner, Guid id, string? channel, string? kind, string? cursor, int? limit, HistoryDbContext db,
        TimelineQuery query, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var page = PageRequest.From(limit, cursor);
        if (!KeysetCursor.TryDecode(page.Cursor, out var after))
        {
            errors["cursor"] = ["Not a cursor this list returned."];
        }

        var kinds = string.IsNullOrWhiteSpace(kind)
            ? null
            : kind.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        if (kinds?.FirstOrDefault(k => !TimelineKinds.All.Contains(k)) is { } unknown)
        {
            errors["kind"] = [$"'{unknown}' is not a timeline kind; use {string.Join(", ", TimelineKinds.All)}."];
        }

        Guid? channelId = null;
        string? channelType = null;
        if (!string.IsNullOrWhiteSpace(channel))
        {
            if (Guid.TryParse(channel, out var parsed))
            {
                channelId = parsed;
            }
            else if (channel.Length > 64)
            {
                errors["channel"] = ["A channel is a channel type (e.g. email) or a channel id."];
            }
            else
            {
                channelType = channel.Trim().ToLowerInvariant();
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var (items, next) = await query.PageAsync(
            owner, id, new TimelineQuery.Filter(kinds, channelType, channelId), after, page.Limit, cancellationToken);

        // A deleted card or organization has no entries left (they go in the same transaction as its tombstone), so
        // only an empty page needs the second look-up.
        if (items.Count == 0 && await db.Names.AsNoTracking().AnyAsync(n => n.Id == id && n.Deleted, cancellationToken))
        {
            return Problems.NotFound(owner == TimelineOwner.Client ? "The client was deleted." : "The organization was deleted.");
        }

        return TypedResults.Ok(new Page<TimelineEntryView>(items, next?.Encode()));
    }
}
