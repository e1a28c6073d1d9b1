using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using ModularDesk.BuildingBlocks.Contracts;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.BuildingBlocks.Security;

namespace ModularDesk.Clients.ImportExport;

/// <summary><c>POST /api/v1/clients/import?dryRun=</c> (C21): multipart <c>file</c> (CSV) and optional <c>mapping</c> (JSON column → field).</summary>
internal static class ImportEndpoints
{
    public const int MaxFileBytes = 10 * 1024 * 1024;

    public static void MapImportEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/clients/import", ImportAsync)
            .RequireAuthorization(Policies.Agent)
            .WithMetadata(new BodySizeLimit(MaxFileBytes + 256 * 1024))
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .WithTags("Clients")
            .WithName("ImportClients")
            .WithSummary("Imports cards from CSV (at most 10 MB): rows matching a card by id or identity update it; dryRun=true changes nothing.");
    }

    private static async Task<IResult> ImportAsync(
        bool? dryRun, HttpRequest request, ClientImport import, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) ||
            !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase) ||
            HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return Problems.Validation("file", "Send the CSV as multipart/form-data in a field named 'file'.");
        }

        byte[]? file = null;
        string? mappingJson = null;
        var reader = new MultipartReader(boundary, request.Body);
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
            {
                continue;
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
            if (name == "file")
            {
                using var buffer = new MemoryStream();
                await section.Body.CopyToAsync(buffer, cancellationToken);
                if (buffer.Length > MaxFileBytes)
                {
                    return Problems.Create(StatusCodes.Status413PayloadTooLarge, "file-too-large", "The file is too large",
                        $"An import file may be at most {MaxFileBytes / (1024 * 1024)} MB; split it.");
                }

                file = buffer.ToArray();
            }
            else if (name == "mapping")
            {
                using var mappingReader = new StreamReader(section.Body);
                mappingJson = await mappingReader.ReadToEndAsync(cancellationToken);
            }
        }

        if (file is null)
        {
            return Problems.Validation("file", "The form has no CSV in a field named 'file'.");
        }

        Dictionary<string, string?>? mapping = null;
        if (!string.IsNullOrWhiteSpace(mappingJson))
        {
            try
            {
                mapping = JsonSerializer.Deserialize<Dictionary<string, string?>>(mappingJson);
            }
            catch (JsonException)
            {
                return Problems.Validation("mapping", "Must be a JSON object of CSV column → card field, e.g. {\"Full name\":\"name\",\"Mail\":\"email\"}.");
            }
        }

        var (text, encoding) = CsvText.Decode(file);
        var actor = new ChangeActor("import", user.AgentId(), user.FindFirstValue(ClaimTypes.Name) ?? "CSV import");
        var result = await import.RunAsync(text, encoding, mapping, dryRun ?? false, actor, cancellationToken);
        return TypedResults.Ok(result);
    }
}
