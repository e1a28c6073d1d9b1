using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.Clients.Contracts.Ports;

namespace ModularDesk.Clients.Search;

internal static class SearchEndpoints
{
    public static void MapSearchEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/clients/search", SearchAsync).WithTags("Clients").WithName("SearchClients")
            .WithSummary("Up to 20 best cards by name (typos, accents, any order), email, phone in any format, messenger id, external id or organization name.");
    }

    private static async Task<IResult> SearchAsync(
        string? q, int? limit, ClientSearch search, IEnumerable<IOrganizationLookup> organizations, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return Problems.Validation("q", "Required: a name, email, phone, messenger id, external id or organization name.");
        }

        if (q.Length > 200)
        {
            return Problems.Validation("q", "At most 200 characters.");
        }

        var hits = await search.SearchAsync(q, limit ?? ClientSearch.MaxResults, cancellationToken);
        var organizationIds = hits.Where(h => h.OrganizationId is not null).Select(h => h.OrganizationId!.Value).Distinct().ToList();
        IReadOnlyDictionary<Guid, string> names = organizationIds.Count > 0 && organizations.FirstOrDefault() is { } lookup
            ? await lookup.GetNamesAsync(organizationIds, cancellationToken)
            : new Dictionary<Guid, string>();
        var items = hits.Select(h => new SearchResultView(
                h.ClientId,
                h.Name,
                h.AvatarUrl,
                h.OrganizationId,
                h.OrganizationId is { } o && names.TryGetValue(o, out var name) ? name : null,
                new SearchMatch(h.MatchedField, h.MatchedValue)))
            .ToList();
        return TypedResults.Ok(new Page<SearchResultView>(items, null));
    }
}

internal sealed record SearchResultView(Guid Id, string Name, string? AvatarUrl, Guid? OrganizationId, string? OrganizationName, SearchMatch Matched);

internal sealed record SearchMatch(string Field, string Value);
