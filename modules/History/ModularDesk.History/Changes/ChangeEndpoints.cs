using System.Data.Common;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.BuildingBlocks.Security;
using ModularDesk.History.Paging;
using ModularDesk.History.Persistence;
using Npgsql;
using static ModularDesk.History.Persistence.HistorySql;

namespace ModularDesk.History.Changes;

/// <summary>
/// H3: <c>GET /clients/{id}/changes</c> and <c>/organizations/{id}/changes</c> (newest first, keyset-paged), and
/// <c>…/changes/{changeId}</c> with <c>before</c> / <c>after</c> exactly as the card's module recorded them.
/// </summary>
internal static class ChangeEndpoints
{
    private const string Columns =
        "c.id, c.at, c.kind, c.actor_kind, c.actor_id, CASE WHEN c.actor_kind = 'agent' THEN coalesce(n.name, c.actor_name) ELSE c.actor_name END, c.summary";

    public static void MapChangeEndpoints(this IEndpointRouteBuilder api)
    {
        foreach (var (prefix, subjectKind) in new[] { ("/clients", "client"), ("/organizations", "organization") })
        {
            api.MapGet(prefix + "/{id:guid}/changes", (Guid id, string? cursor, int? limit, HistoryDbContext db, HistorySql sql, CancellationToken ct) =>
                    ListAsync(subjectKind, id, cursor, limit, db, sql, ct))
                .RequireAuthorization(Policies.Agent).WithTags("History").WithName($"List{subjectKind}Changes")
                .WithSummary($"The {subjectKind} card's change history, newest first (H3).");
            api.MapGet(prefix + "/{id:guid}/changes/{changeId:guid}", (Guid id, Guid changeId, HistorySql sql, CancellationToken ct) =>
                    GetAsync(subjectKind, id, changeId, sql, ct))
                .RequireAuthorization(Policies.Agent).WithTags("History").WithName($"Get{subjectKind}Change")
                .WithSummary("One change with exactly what was there before and after.");
        }
    }

    private static async Task<IResult> ListAsync(
        string subjectKind, Guid id, string? cursor, int? limit, HistoryDbContext db, HistorySql sql, CancellationToken ct)
    {
        var page = PageRequest.From(limit, cursor);
        if (!KeysetCursor.TryDecode(page.Cursor, out var after))
        {
            return Problems.Validation("cursor", "Not a cursor this list returned.");
        }

        var parameters = new List<NpgsqlParameter> { P(id), P(subjectKind), P(page.Limit + 1) };
        var keyset = "";
        if (after is { } position)
        {
            parameters.Add(P(position.At));
            parameters.Add(P(position.Id));
            keyset = "AND (c.at, c.id) < ($4, $5)";
        }

        var rows = await sql.QueryAsync(
            $"""
             SELECT {Columns} FROM history.card_changes c LEFT JOIN history.names n ON n.id = c.actor_id
             WHERE c.subject_id = $1 AND c.subject_kind = $2 {keyset}
             ORDER BY c.at DESC, c.id DESC LIMIT $3
             """, MapSummary, ct, [.. parameters]);
        // A deleted card's changes go with its tombstone, so only an empty page needs the second look-up.
        if (rows.Count == 0 && await db.Names.AsNoTracking().AnyAsync(n => n.Id == id && n.Deleted, ct))
        {
            return Problems.NotFound($"The {subjectKind} was deleted.");
        }

        var next = rows.Count > page.Limit ? new KeysetCursor(rows[page.Limit - 1].At, rows[page.Limit - 1].Id).Encode() : null;
        return TypedResults.Ok(new Page<CardChangeView>(rows.Take(page.Limit).ToList(), next));
    }

    private static async Task<IResult> GetAsync(string subjectKind, Guid id, Guid changeId, HistorySql sql, CancellationToken ct)
    {
        var rows = await sql.QueryAsync(
            $"""
             SELECT {Columns}, c.before, c.after FROM history.card_changes c LEFT JOIN history.names n ON n.id = c.actor_id
             WHERE c.id = $1 AND c.subject_id = $2 AND c.subject_kind = $3
             """,
            r =>
            {
                var summary = MapSummary(r);
                return new CardChangeDetailView(
                    summary.Id, summary.At, summary.Kind, summary.Actor, summary.Summary, Json(r, 7), Json(r, 8));
            }, ct, P(changeId), P(id), P(subjectKind));
        return rows.Count == 0 ? Problems.NotFound($"No such change of this {subjectKind}.") : TypedResults.Ok(rows[0]);
    }

    private static CardChangeView MapSummary(DbDataReader r) => new(
        r.GetGuid(0), r.GetFieldValue<DateTimeOffset>(1), r.GetString(2),
        new ChangeActorView(r.GetString(3), r.IsDBNull(4) ? null : r.GetGuid(4), r.GetString(5)), r.GetString(6));

    /// <summary>The recorded JSON as it was written; text that is not JSON (never expected) is shown as a string.</summary>
    private static JsonElement? Json(DbDataReader r, int i)
    {
        if (r.IsDBNull(i))
        {
            return null;
        }

        var text = r.GetString(i);
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(text);
        }
    }
}
