using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.Clients.Persistence;

namespace ModularDesk.Clients.Cards;

/// <summary>C8: the clients list with filters, keyset-paged (newest first, or by name), hidden cards only when asked.</summary>
internal static class ListEndpoints
{
    public static void MapClientListEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/clients", ListAsync).WithTags("Clients").WithName("ListClients")
            .WithSummary("Cards filtered by organizationId, isVip, isSpammer, ownerAgentId, customerType, hidden (default false); sort=createdAt|name.");
    }

    private static async Task<IResult> ListAsync(
        Guid? organizationId,
        bool? isVip,
        bool? isSpammer,
        Guid? ownerAgentId,
        string? customerType,
        bool? hidden,
        string? sort,
        int? limit,
        string? cursor,
        ClientsDbContext db,
        CancellationToken cancellationToken)
    {
        var page = PageRequest.From(limit, cursor);
        var byName = sort switch
        {
            null or "" or "createdAt" => false,
            "name" => true,
            _ => (bool?)null,
        };
        if (byName is null)
        {
            return Problems.Validation("sort", "createdAt (newest first) or name.");
        }

        var query = db.Cards.AsNoTracking().Where(c => c.Hidden == (hidden ?? false));
        if (organizationId is not null)
        {
            query = query.Where(c => c.OrganizationId == organizationId);
        }

        if (isVip is not null)
        {
            query = query.Where(c => c.IsVip == isVip);
        }

        if (isSpammer is not null)
        {
            query = query.Where(c => c.IsSpammer == isSpammer);
        }

        if (ownerAgentId is not null)
        {
            query = query.Where(c => c.OwnerAgentId == ownerAgentId);
        }

        if (!string.IsNullOrWhiteSpace(customerType))
        {
            query = query.Where(c => c.CustomerType == customerType.Trim());
        }

        if (page.Cursor is not null)
        {
            if (!TryReadCursor(page.Cursor, out var afterName, out var afterId) || (byName.Value && afterName is null))
            {
                return Problems.Validation("cursor", "Not a cursor this list returned.");
            }

            query = byName.Value
                ? query.Where(c => string.Compare(c.Name, afterName) > 0 || (c.Name == afterName && c.Id.CompareTo(afterId) > 0))
                : query.Where(c => c.Id.CompareTo(afterId) < 0);
        }

        query = byName.Value ? query.OrderBy(c => c.Name).ThenBy(c => c.Id) : query.OrderByDescending(c => c.Id);
        var rows = await query.Include(c => c.Contacts).AsSplitQuery().Take(page.Limit + 1).ToListAsync(cancellationToken);
        string? next = null;
        if (rows.Count > page.Limit)
        {
            var last = rows[page.Limit - 1];
            next = WriteCursor(byName.Value ? last.Name : null, last.Id);
        }

        return TypedResults.Ok(new Page<ClientCardView>(rows.Take(page.Limit).Select(ClientCardView.From).ToList(), next));
    }

    private static string WriteCursor(string? name, Guid id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{id:N}{name}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryReadCursor(string cursor, out string? name, out Guid id)
    {
        name = null;
        id = Guid.Empty;
        try
        {
            var text = cursor.Replace('-', '+').Replace('_', '/');
            text = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(text));
            if (decoded.Length < 32 || !Guid.TryParseExact(decoded[..32], "N", out id))
            {
                return false;
            }

            name = decoded.Length > 32 ? decoded[32..] : null;
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
