using System.Text.Json.Nodes;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.BuildingBlocks.Security;
using ModularDesk.Clients.Persistence;
using Npgsql;

namespace ModularDesk.Clients.SenderLists;

/// <summary>
/// The admin's blocklist (<c>/api/v1/blocklist</c>, C11) and allowlist (<c>/api/v1/allowlist</c>, C12) of addresses
/// and <c>@domain</c>s. Adding an entry twice is harmless (200 with the entry); the resolver reads them per message.
/// </summary>
internal static class SenderListEndpoints
{
    public static void MapSenderListEndpoints(this IEndpointRouteBuilder api)
    {
        Map(api, "/blocklist", SenderRule.Block, "Blocklist");
        Map(api, "/allowlist", SenderRule.Allow, "Allowlist");
    }

    private static void Map(IEndpointRouteBuilder api, string route, string list, string name)
    {
        var group = api.MapGroup(route).RequireAuthorization(Policies.Admin).WithTags("Clients");
        group.MapGet("/", (int? limit, string? cursor, ClientsDbContext db, CancellationToken ct) => ListAsync(list, limit, cursor, db, ct))
            .WithName($"List{name}").WithSummary($"{name} entries: addresses and @domains, oldest first.");
        group.MapPost("/", (JsonObject? body, ClientsDbContext db, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct) =>
                AddAsync(list, route, body, db, user, clock, ct))
            .WithName($"AddTo{name}").WithSummary("Adds { value }: an email, phone, messenger id or @domain.");
        group.MapDelete("/", (string? value, HttpRequest request, ClientsDbContext db, CancellationToken ct) =>
                RemoveAsync(list, value, request, db, ct))
            .WithName($"RemoveFrom{name}").WithSummary("Removes { value } (body) or ?value=.");
    }

    private static async Task<IResult> ListAsync(string list, int? limit, string? cursor, ClientsDbContext db, CancellationToken cancellationToken)
    {
        var page = PageRequest.From(limit, cursor);
        var query = db.SenderRules.AsNoTracking().Where(r => r.List == list);
        if (page.Cursor is not null)
        {
            if (!Guid.TryParse(page.Cursor, out var after))
            {
                return Problems.Validation("cursor", "Not a cursor this list returned.");
            }

            query = query.Where(r => r.Id.CompareTo(after) > 0);
        }

        var rows = await query.OrderBy(r => r.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        var next = rows.Count > page.Limit ? rows[page.Limit - 1].Id.ToString() : null;
        return TypedResults.Ok(new Page<SenderRuleView>(rows.Take(page.Limit).Select(SenderRuleView.From).ToList(), next));
    }

    private static async Task<IResult> AddAsync(
        string list, string route, JsonObject? body, ClientsDbContext db, ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellationToken)
    {
        var raw = body?["value"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? body["value"]!.GetValue<string>() : null;
        var value = SenderValues.Normalize(raw, out var error);
        if (value is null)
        {
            return Problems.Validation("value", error!);
        }

        var existing = await db.SenderRules.AsNoTracking().SingleOrDefaultAsync(r => r.List == list && r.Value == value, cancellationToken);
        if (existing is not null)
        {
            return TypedResults.Ok(SenderRuleView.From(existing));
        }

        var rule = new SenderRule { Id = Guid.CreateVersion7(), List = list, Value = value, CreatedAt = clock.GetUtcNow(), CreatedBy = user.AgentId() };
        db.SenderRules.Add(rule);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Added by someone else a moment ago: the same outcome.
            return TypedResults.Ok(SenderRuleView.From(rule));
        }

        return TypedResults.Created($"/api/v1{route}/{rule.Id}", SenderRuleView.From(rule));
    }

    private static async Task<IResult> RemoveAsync(string list, string? value, HttpRequest request, ClientsDbContext db, CancellationToken cancellationToken)
    {
        if (value is null && request.ContentLength is > 0)
        {
            var body = await request.ReadFromJsonAsync<JsonObject>(cancellationToken);
            value = body?["value"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? body["value"]!.GetValue<string>() : null;
        }

        var normalized = SenderValues.Normalize(value, out var error);
        if (normalized is null)
        {
            return Problems.Validation("value", error!);
        }

        var removed = await db.SenderRules.Where(r => r.List == list && r.Value == normalized).ExecuteDeleteAsync(cancellationToken);
        return removed == 0 ? Problems.NotFound($"{normalized} is not on the list.") : TypedResults.NoContent();
    }
}

/// <summary>A list entry as the API shows it.</summary>
internal sealed record SenderRuleView(Guid Id, string Value, DateTimeOffset CreatedAt)
{
    public static SenderRuleView From(SenderRule rule) => new(rule.Id, rule.Value, rule.CreatedAt);
}
