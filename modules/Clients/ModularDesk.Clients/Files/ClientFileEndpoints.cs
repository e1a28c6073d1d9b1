using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using ModularDesk.BuildingBlocks.Files;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.BuildingBlocks.Security;
using ModularDesk.Clients.CardChanges;
using ModularDesk.Clients.Contracts.Events;
using ModularDesk.Clients.Persistence;

namespace ModularDesk.Clients.Files;

/// <summary>
/// <c>/api/v1/clients/{id}/files</c> (C18). Uploads stream straight into the file store (never buffered whole), the
/// type is sniffed from the bytes, and downloads are always attachments with <c>nosniff</c>, so an HTML or SVG
/// file declared as an image never runs in the desk's origin.
/// </summary>
internal static class ClientFileEndpoints
{
    public const long MaxFileBytes = 25L * 1024 * 1024;

    /// <summary>Room for the multipart boundaries and headers around the file.</summary>
    private const long MultipartOverheadBytes = 64 * 1024;

    public static void MapClientFileEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/clients/{clientId:guid}/files").RequireAuthorization(Policies.Agent).WithTags("Clients");
        group.MapGet("/", ListAsync).WithName("ListClientFiles").WithSummary("A card's files, oldest first.");
        group.MapPost("/", UploadAsync)
            .WithMetadata(new BodySizeLimit(MaxFileBytes + MultipartOverheadBytes))
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .WithName("UploadClientFile")
            .WithSummary($"Attaches a file (multipart field 'file', at most 25 MB); its type is sniffed from the contents.");
        group.MapGet("/{fileId:guid}", DownloadAsync).WithName("DownloadClientFile").WithSummary("Downloads a file (always as an attachment).");
        group.MapPatch("/{fileId:guid}", RenameAsync).WithName("RenameClientFile").WithSummary("Renames a file.");
        group.MapDelete("/{fileId:guid}", DeleteAsync).WithName("DeleteClientFile").WithSummary("Removes a file from the card.");
    }

    private static async Task<IResult> ListAsync(Guid clientId, ClientsDbContext db, ExistingCards cards, CancellationToken cancellationToken)
    {
        if (!await cards.ExistsAsync(clientId, cancellationToken))
        {
            return Problems.NotFound("No such client.");
        }

        var files = await db.Set<ClientFile>().AsNoTracking().Where(f => f.ClientId == clientId)
            .OrderBy(f => f.CreatedAt).ThenBy(f => f.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(new Page<ClientFileView>(files.Select(ClientFileView.From).ToList(), null));
    }

    private static async Task<IResult> UploadAsync(
        Guid clientId, HttpRequest request, ClientsDbContext db, ExistingCards cards, IFileStore store, ClaimsPrincipal user,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!await cards.ExistsAsync(clientId, cancellationToken))
        {
            return Problems.NotFound("No such client.");
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) ||
            !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase) ||
            HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return Problems.Validation("file", "Send the file as multipart/form-data in a field named 'file'.");
        }

        var reader = new MultipartReader(boundary, request.Body);
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync(cancellationToken)) is not null)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) ||
                !disposition.IsFileDisposition() ||
                !string.Equals(HeaderUtilities.RemoveQuotes(disposition.Name).Value, "file", StringComparison.Ordinal))
            {
                continue;
            }

            var name = ClientFileNames.Clean(disposition.FileNameStar.Value ?? HeaderUtilities.RemoveQuotes(disposition.FileName).Value) ?? "file";
            StoredFile stored;
            try
            {
                stored = await store.SaveAsync(section.Body, MaxFileBytes, cancellationToken);
            }
            catch (FileTooLargeException)
            {
                return Problems.Create(
                    StatusCodes.Status413PayloadTooLarge, "file-too-large", "The file is too large",
                    $"A card's file may be at most {MaxFileBytes / (1024 * 1024)} MB.");
            }

            var file = new ClientFile
            {
                Id = Guid.CreateVersion7(),
                ClientId = clientId,
                Name = name,
                Size = stored.Size,
                ContentType = ContentSniffer.Sniff(stored.Head),
                StorageKey = stored.Key,
                CreatedAt = clock.GetUtcNow(),
                CreatedBy = user.AgentId(),
            };
            db.Add(file);
            var view = ClientFileView.From(file);
            db.Publish(new ClientCardChanged(clientId, "fileAdded", AgentActor.Of(user), $"File added: {file.Name}", null, ChangeJson.Of(view)));
            await db.SaveChangesAsync(cancellationToken);
            return TypedResults.Created($"/api/v1/clients/{clientId}/files/{file.Id}", view);
        }

        return Problems.Validation("file", "The form has no file in a field named 'file'.");
    }

    private static async Task<IResult> DownloadAsync(
        Guid clientId, Guid fileId, ClientsDbContext db, IFileStore store, HttpResponse response, CancellationToken cancellationToken)
    {
        var file = await db.Set<ClientFile>().AsNoTracking().SingleOrDefaultAsync(f => f.Id == fileId && f.ClientId == clientId, cancellationToken);
        var content = file is null ? null : store.OpenRead(file.StorageKey);
        if (file is null || content is null)
        {
            return Problems.NotFound("The card has no such file.");
        }

        response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        response.Headers[HeaderNames.ContentSecurityPolicy] = "default-src 'none'; sandbox";

        // Active content (HTML, SVG, XML) is served as bytes, so not even a browser ignoring nosniff renders it.
        var contentType = ContentSniffer.IsActiveContent(file.ContentType) ? "application/octet-stream" : file.ContentType;
        return TypedResults.Stream(content, contentType, file.Name);
    }

    private static async Task<IResult> RenameAsync(
        Guid clientId, Guid fileId, RenameFileRequest? request, ClientsDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var name = ClientFileNames.Clean(request?.Name);
        if (name is null)
        {
            return Problems.Validation("name", "Required: a file name without a path.");
        }

        var file = await db.Set<ClientFile>().SingleOrDefaultAsync(f => f.Id == fileId && f.ClientId == clientId, cancellationToken);
        if (file is null)
        {
            return Problems.NotFound("The card has no such file.");
        }

        if (file.Name != name)
        {
            var before = ChangeJson.Of(new { file.Id, file.Name });
            file.Name = name;
            db.Publish(new ClientCardChanged(
                clientId, "fileRenamed", AgentActor.Of(user), $"File renamed: {name}", before, ChangeJson.Of(new { file.Id, file.Name })));
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.Ok(ClientFileView.From(file));
    }

    private static async Task<IResult> DeleteAsync(
        Guid clientId, Guid fileId, ClientsDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var file = await db.Set<ClientFile>().SingleOrDefaultAsync(f => f.Id == fileId && f.ClientId == clientId, cancellationToken);
        if (file is null)
        {
            return Problems.NotFound("The card has no such file.");
        }

        // The bytes stay in the store: it is content-addressed across modules, so the same bytes may be a ticket's
        // attachment too; only a store-wide sweep can know nobody references them (see architecture.md).
        db.Remove(file);
        db.Publish(new ClientCardChanged(
            clientId, "fileRemoved", AgentActor.Of(user), $"File removed: {file.Name}", ChangeJson.Of(ClientFileView.From(file)), null));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
