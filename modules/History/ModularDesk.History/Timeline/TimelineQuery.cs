using System.Data.Common;
using ModularDesk.History.Paging;
using ModularDesk.History.Persistence;
using Npgsql;
using static ModularDesk.History.Persistence.HistorySql;

namespace ModularDesk.History.Timeline;

internal enum TimelineOwner
{
    Client,
    Organization,
}

/// <summary>
/// A page of a client's or an organization's timeline in one query: the entries (index range scan on
/// (owner, at DESC, id DESC) from the cursor) with the current names of the client and agent joined in.
/// </summary>
internal sealed class TimelineQuery(HistorySql sql)
{
    public sealed record Filter(IReadOnlyList<string>? Kinds, string? ChannelType, Guid? ChannelId);

    public async Task<(List<TimelineEntryView> Items, KeysetCursor? Next)> PageAsync(
        TimelineOwner owner, Guid ownerId, Filter filter, KeysetCursor? after, int limit, CancellationToken ct)
    {
        var conditions = new List<string>();
        var parameters = new List<NpgsqlParameter> { P(ownerId), P(limit + 1) };
        if (after is { } cursor)
        {
            parameters.Add(P(cursor.At));
            parameters.Add(P(cursor.Id));
            conditions.Add($"(e.at, e.id) < (${parameters.Count - 1}, ${parameters.Count})");
        }

        if (filter.Kinds is { Count: > 0 } kinds)
        {
            parameters.Add(P(kinds.ToArray()));
            conditions.Add($"e.kind = ANY(${parameters.Count})");
        }

        if (filter.ChannelType is { } channelType)
        {
            parameters.Add(P(channelType));
            conditions.Add($"e.channel_type = ${parameters.Count}");
        }

        if (filter.ChannelId is { } channelId)
        {
            parameters.Add(P(channelId));
            conditions.Add($"e.channel_id = ${parameters.Count}");
        }

        string Range(string column) =>
            $"""
             SELECT e.* FROM history.timeline_entries e
             WHERE {string.Join(" AND ", conditions.Prepend($"e.{column} = $1"))}
             ORDER BY e.at DESC, e.id DESC LIMIT $2
             """;

        // An organization's timeline (H2) is what was filed under it plus everything of its current people: two index
        // range scans of at most one page each, merged.
        var source = owner == TimelineOwner.Client
            ? $"({Range("client_id")})"
            : $"(({Range("organization_id")}) UNION ({Range("member_organization_id")}))";
        var rows = await sql.QueryAsync(
            $"""
             SELECT e.id, e.at, e.kind, e.channel_type, e.channel_id, e.ticket_id, e.ticket_number, e.subject, e.excerpt, e.direction,
                 CASE e.author_party WHEN 'client' THEN coalesce(c.name, e.author_name)
                                     WHEN 'agent' THEN coalesce(a.name, e.author_name) ELSE e.author_name END,
                 CASE e.recipient_party WHEN 'client' THEN coalesce(c.name, e.recipient_name)
                                        WHEN 'agent' THEN coalesce(a.name, e.recipient_name) ELSE e.recipient_name END,
                 e.client_id, e.original_client_id, e.organization_id, e.rating, e.delivery_status, e.delivery_reason, e.redacted
             FROM {source} e
             LEFT JOIN history.names c ON c.id = e.client_id
             LEFT JOIN history.names a ON a.id = e.agent_id
             ORDER BY e.at DESC, e.id DESC
             LIMIT $2
             """, Map, ct, [.. parameters]);
        KeysetCursor? next = rows.Count > limit ? new KeysetCursor(rows[limit - 1].At, rows[limit - 1].Id) : null;
        if (rows.Count > limit)
        {
            rows.RemoveAt(limit);
        }

        return (rows, next);
    }

    private static TimelineEntryView Map(DbDataReader r) => new(
        r.GetGuid(0), r.GetFieldValue<DateTimeOffset>(1), r.GetString(2), Text(r, 3), NullableGuid(r, 4), NullableGuid(r, 5),
        r.IsDBNull(6) ? null : r.GetInt64(6), Text(r, 7), Text(r, 8), Text(r, 9), Text(r, 10), Text(r, 11),
        r.GetGuid(12), r.GetGuid(13), NullableGuid(r, 14), Text(r, 15), Text(r, 16), Text(r, 17), r.GetBoolean(18));

    internal static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    internal static Guid? NullableGuid(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetGuid(i);
}
