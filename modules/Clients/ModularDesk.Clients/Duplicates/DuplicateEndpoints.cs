using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.BuildingBlocks.Security;
using ModularDesk.Clients.Persistence;

namespace ModularDesk.Clients.Duplicates;

/// <summary><c>GET /api/v1/clients/duplicates</c> (best first) and <c>POST …/duplicates/dismiss</c> (C15).</summary>
internal static class DuplicateEndpoints
{
    public static void MapDuplicateEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/clients/duplicates").RequireAuthorization(Policies.Agent).WithTags("Clients");
        group.MapGet("/", ListAsync).WithName("ListDuplicateSuggestions").WithSummary("Probable duplicate pairs with reasons, best first.");
        group.MapPost("/dismiss", DismissAsync).WithName("DismissDuplicateSuggestion")
            .WithSummary("The two cards are not duplicates: the pair is never suggested again.");
    }

    private static async Task<IResult> ListAsync(int? limit, string? cursor, ClientsDbContext db, CancellationToken cancellationToken)
    {
        var page = PageRequest.From(limit, cursor);
        var query = db.Set<DuplicateSuggestion>().AsNoTracking();
        if (page.Cursor is not null)
        {
            if (!DuplicateCursor.TryRead(page.Cursor, out var after))
            {
                return Problems.Validation("cursor", "Not a cursor this list returned.");
            }

            query = query.Where(s => s.Score < after.Score
                                     || (s.Score == after.Score && (s.ClientA.CompareTo(after.A) > 0
                                                                    || (s.ClientA == after.A && s.ClientB.CompareTo(after.B) > 0))));
        }

        var rows = await query.OrderByDescending(s => s.Score).ThenBy(s => s.ClientA).ThenBy(s => s.ClientB)
            .Take(page.Limit + 1).ToListAsync(cancellationToken);
        var shown = rows.Take(page.Limit).ToList();
        var ids = shown.SelectMany(s => new[] { s.ClientA, s.ClientB }).Distinct().ToList();
        var names = await db.Cards.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new DuplicateClientView(c.Id, c.Name, c.AvatarUrl)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var items = shown
            .Where(s => names.ContainsKey(s.ClientA) && names.ContainsKey(s.ClientB))
            .Select(s => new DuplicateView([s.ClientA, s.ClientB], [names[s.ClientA], names[s.ClientB]], s.Reasons, Math.Round(s.Score, 3), s.FoundAt))
            .ToList();
        var next = rows.Count > page.Limit ? DuplicateCursor.Write(shown[^1]) : null;
        return TypedResults.Ok(new Page<DuplicateView>(items, next));
    }

    private static async Task<IResult> DismissAsync(
        DismissRequest? request, ClientsDbContext db, ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (request?.ClientIds is not { Count: 2 } ids || ids[0] == ids[1])
        {
            return Problems.Validation("clientIds", "Required: the two different cards of the pair.");
        }

        var (a, b) = DuplicateSuggestions.Ordered(ids[0], ids[1]);
        await db.Database.ExecuteSqlAsync(
            $"""
             INSERT INTO clients.dismissed_duplicates (client_a, client_b, dismissed_at, dismissed_by)
             VALUES ({a}, {b}, {clock.GetUtcNow()}, {user.AgentId()}) ON CONFLICT DO NOTHING
             """,
            cancellationToken);
        await db.Set<DuplicateSuggestion>().Where(s => s.ClientA == a && s.ClientB == b).ExecuteDeleteAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}

internal sealed record DismissRequest(List<Guid>? ClientIds);

internal sealed record DuplicateClientView(Guid Id, string Name, string? AvatarUrl);

internal sealed record DuplicateView(
    IReadOnlyList<Guid> ClientIds, IReadOnlyList<DuplicateClientView> Clients, IReadOnlyList<string> Reasons, double Score, DateTimeOffset FoundAt);

internal static class DuplicateCursor
{
    public static string Write(DuplicateSuggestion s) =>
        $"{s.Score.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}_{s.ClientA:N}_{s.ClientB:N}";

    public static bool TryRead(string cursor, out (double Score, Guid A, Guid B) value)
    {
        value = default;
        var parts = cursor.Split('_');
        if (parts.Length != 3
            || !double.TryParse(parts[0], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var score)
            || !Guid.TryParse(parts[1], out var a) || !Guid.TryParse(parts[2], out var b))
        {
            return false;
        }

        value = (score, a, b);
        return true;
    }
}
