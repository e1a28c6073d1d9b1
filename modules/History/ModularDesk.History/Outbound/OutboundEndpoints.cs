using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.BuildingBlocks.Security;
using ModularDesk.History.Paging;
using ModularDesk.History.Persistence;
using ModularDesk.History.Timeline;
using Npgsql;
using static ModularDesk.History.Persistence.HistorySql;

namespace ModularDesk.History.Outbound;

/// <summary>H4 <c>GET /outbound?clientId=&amp;channelId=</c>: everything sent, desk-wide or for one client or channel, newest first.</summary>
internal static class OutboundEndpoints
{
    public static void MapOutboundEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/outbound", ListAsync).RequireAuthorization(Policies.Agent).WithTags("History").WithName("ListOutbound")
            .WithSummary("Outbound history (H4): replies and card messages with their delivery status, newest first.");
    }

    private static async Task<IResult> ListAsync(
        Guid? clientId, Guid? channelId, string? cursor, int? limit, HistorySql sql, CancellationToken ct)
    {
        var page = PageRequest.From(limit, cursor);
        if (!KeysetCursor.TryDecode(page.Cursor, out var after))
        {
            return Problems.Validation("cursor", "Not a cursor this list returned.");
        }

        var conditions = new List<string> { "o.queued" };
        var parameters = new List<NpgsqlParameter> { P(page.Limit + 1) };
        if (clientId is { } client)
        {
            parameters.Add(P(client));
            conditions.Add($"o.client_id = ${parameters.Count}");
        }

        if (channelId is { } channel)
        {
            parameters.Add(P(channel));
            conditions.Add($"o.channel_id = ${parameters.Count}");
        }

        if (after is { } position)
        {
            parameters.Add(P(position.At));
            parameters.Add(P(position.Id));
            conditions.Add($"(o.queued_at, o.id) < (${parameters.Count - 1}, ${parameters.Count})");
        }

        var rows = await sql.QueryAsync(
            $"""
             SELECT o.id, o.queued_at, o.channel_id, o.channel_type, o.client_id, n.name, o.ticket_id, o.ticket_message_id,
                 o.recipient, o.excerpt, o.sender_name, o.status, o.reason, o.status_at, o.redacted
             FROM history.outbound_messages o LEFT JOIN history.names n ON n.id = o.client_id
             WHERE {string.Join(" AND ", conditions)}
             ORDER BY o.queued_at DESC, o.id DESC LIMIT $1
             """,
            r => new OutboundView(
                r.GetGuid(0), r.GetFieldValue<DateTimeOffset>(1), r.GetGuid(2), TimelineQuery.Text(r, 3), TimelineQuery.NullableGuid(r, 4),
                TimelineQuery.Text(r, 5), TimelineQuery.NullableGuid(r, 6), TimelineQuery.NullableGuid(r, 7), TimelineQuery.Text(r, 8),
                TimelineQuery.Text(r, 9), TimelineQuery.Text(r, 10), r.GetString(11), TimelineQuery.Text(r, 12),
                r.IsDBNull(13) ? null : r.GetFieldValue<DateTimeOffset>(13), r.GetBoolean(14)),
            ct, [.. parameters]);
        var next = rows.Count > page.Limit ? new KeysetCursor(rows[page.Limit - 1].At, rows[page.Limit - 1].Id).Encode() : null;
        return TypedResults.Ok(new Page<OutboundView>(rows.Take(page.Limit).ToList(), next));
    }
}
