using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using ModularDesk.BuildingBlocks.Security;
using ModularDesk.Clients.Cards;
using ModularDesk.Clients.Contracts.CustomFields;
using ModularDesk.Clients.CustomFields;
using ModularDesk.Clients.Identities;
using ModularDesk.Clients.Persistence;

namespace ModularDesk.Clients.ImportExport;

/// <summary>
/// <c>GET /api/v1/clients/export.csv</c> (C8): the cards the list would show for the same filters, streamed in
/// keyset batches (memory stays flat at any size), formula-looking cells escaped, UTF-8 with a BOM for spreadsheets.
/// </summary>
internal static class ExportEndpoints
{
    private const int BatchSize = 500;

    private static readonly string[] FixedColumns =
    [
        "id", "name", "emails", "phones", "messengers", "externalIds", "sites", "organizationId", "position", "language",
        "note", "isVip", "isSpammer", "customerType", "ownerAgentId", "hidden", "createdAt", "updatedAt",
    ];

    public static void MapExportEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/clients/export.csv", Export).RequireAuthorization(Policies.Agent).WithTags("Clients").WithName("ExportClients")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary("The cards as CSV (filters as the list); cells starting with = + - @ are escaped with an apostrophe.");
    }

    private static IResult Export(
        Guid? organizationId, bool? isVip, bool? isSpammer, Guid? ownerAgentId, bool? hidden, ClientsDbContext db, HttpResponse response)
    {
        response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        return TypedResults.Stream(
            stream => WriteAsync(stream, db, new ExportFilter(organizationId, isVip, isSpammer, ownerAgentId, hidden), response.HttpContext.RequestAborted),
            "text/csv; charset=utf-8",
            "clients.csv");
    }

    private static async Task WriteAsync(Stream stream, ClientsDbContext db, ExportFilter filter, CancellationToken cancellationToken)
    {
        var customFields = await db.Set<CustomFieldDefinition>().AsNoTracking()
            .Where(f => f.Entity == CustomFieldEntities.Client).OrderBy(f => f.CreatedAt).Select(f => f.Key).ToListAsync(cancellationToken);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024);
        await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var column in FixedColumns.Concat(customFields.Select(k => "customFields." + k)))
        {
            csv.WriteField(column);
        }

        await csv.NextRecordAsync();
        Guid? after = null;
        while (true)
        {
            var query = db.Cards.AsNoTracking().Include(c => c.Contacts).AsSplitQuery();
            query = filter.Apply(query);
            if (after is { } last)
            {
                query = query.Where(c => c.Id.CompareTo(last) > 0);
            }

            var batch = await query.OrderBy(c => c.Id).Take(BatchSize).ToListAsync(cancellationToken);
            foreach (var card in batch)
            {
                WriteCard(csv, card, customFields);
                await csv.NextRecordAsync();
            }

            await writer.FlushAsync(cancellationToken);
            if (batch.Count < BatchSize)
            {
                break;
            }

            after = batch[^1].Id;
        }
    }

    private static void WriteCard(CsvWriter csv, ClientCard card, IReadOnlyList<string> customFields)
    {
        string Contacts(string kind, Func<CardContact, string> show) =>
            string.Join("; ", card.Contacts.Where(c => c.Kind == kind).OrderBy(c => c.CreatedAt).Select(show));

        var values = new[]
        {
            card.Id.ToString(),
            card.Name,
            Contacts(ContactKinds.Email, c => c.Value),
            Contacts(ContactKinds.Phone, c => c.Value),
            Contacts(ContactKinds.Messenger, c => $"{c.Label}:{c.Value}"),
            Contacts(ContactKinds.ExternalId, c => $"{c.Label}:{c.Value}"),
            Contacts(ContactKinds.Site, c => c.Display),
            card.OrganizationId?.ToString(),
            card.Position,
            card.Language,
            card.Note,
            card.IsVip ? "true" : "false",
            card.IsSpammer ? "true" : "false",
            card.CustomerType,
            card.OwnerAgentId?.ToString(),
            card.Hidden ? "true" : "false",
            card.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            card.UpdatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
        foreach (var value in values)
        {
            csv.WriteField(CsvCells.Escape(value));
        }

        using var fields = JsonDocument.Parse(card.CustomFields);
        foreach (var key in customFields)
        {
            csv.WriteField(CsvCells.Escape(fields.RootElement.TryGetProperty(key, out var value) ? CellOf(value) : null));
        }
    }

    private static string? CellOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Array => string.Join("; ", value.EnumerateArray().Select(CellOf)),
        _ => value.GetRawText(),
    };
}

/// <summary>The list's filters (api.md: organizationId, isVip, isSpammer, ownerAgentId, hidden; hidden cards only when asked).</summary>
internal sealed record ExportFilter(Guid? OrganizationId, bool? IsVip, bool? IsSpammer, Guid? OwnerAgentId, bool? Hidden)
{
    public IQueryable<ClientCard> Apply(IQueryable<ClientCard> query)
    {
        if (OrganizationId is { } organization)
        {
            query = query.Where(c => c.OrganizationId == organization);
        }

        if (IsVip is { } vip)
        {
            query = query.Where(c => c.IsVip == vip);
        }

        if (IsSpammer is { } spammer)
        {
            query = query.Where(c => c.IsSpammer == spammer);
        }

        if (OwnerAgentId is { } owner)
        {
            query = query.Where(c => c.OwnerAgentId == owner);
        }

        var hidden = Hidden ?? false;
        return query.Where(c => c.Hidden == hidden);
    }
}
