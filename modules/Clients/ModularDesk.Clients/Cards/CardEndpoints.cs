using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.Clients.Avatars;
using ModularDesk.Clients.Contracts.Events;
using ModularDesk.Clients.Contracts.Ports;
using ModularDesk.Clients.Identities;
using ModularDesk.Clients.Persistence;

namespace ModularDesk.Clients.Cards;

/// <summary>The card itself under <c>/api/v1/clients</c>: create, read, merge-patch, delete, hide/unhide (C1, C2, C9, C16).</summary>
internal static class CardEndpoints
{
    public static void MapCardEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/clients").WithTags("Clients");
        group.MapPost("/", CreateAsync).WithName("CreateClient")
            .WithSummary("Creates a card; needs a name or one email, phone, messenger id or external id (C2).");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetClient").WithSummary("One card with its contacts; ETag for If-Match.");
        group.MapPatch("/{id:guid}", UpdateAsync).WithName("UpdateClient")
            .WithSummary("JSON merge patch; a contact list in the patch replaces that list. If-Match → 412 when stale.");
        group.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteClient")
            .WithSummary("Deletes the card; other modules delete its messages on ClientDeleted (C16).");
        group.MapPost("/{id:guid}/hide", (Guid id, ClientsDbContext db, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct) =>
            SetHiddenAsync(id, true, db, user, clock, ct)).WithName("HideClient").WithSummary("Hides the card from lists and search.");
        group.MapPost("/{id:guid}/unhide", (Guid id, ClientsDbContext db, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct) =>
            SetHiddenAsync(id, false, db, user, clock, ct)).WithName("UnhideClient").WithSummary("Shows a hidden card again.");
    }

    private static async Task<IResult> CreateAsync(
        JsonObject? body,
        ClientsDbContext db,
        CardEditor editor,
        Gravatar gravatar,
        IEnumerable<IOrganizationLookup> organizations,
        AvatarSweepSignal avatarSweep,
        ClaimsPrincipal user,
        TimeProvider clock,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        if (body is null)
        {
            return Problems.Validation("body", "A JSON object is required.");
        }

        var context = Actors.AgentEdit(user, clock.GetUtcNow());
        var card = new ClientCard { Id = Guid.CreateVersion7(), CreatedAt = context.At, UpdatedAt = context.At };
        var errors = new ValidationErrors();
        await editor.ApplyAsync(card, body, context, errors, cancellationToken);
        if (errors.IsEmpty && card.Name.Length == 0 && !CardNaming.HasIdentifyingContact(card))
        {
            errors.Add("name", "Give a name, or at least one email, phone, messenger id or external id.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        if (card.Name.Length == 0)
        {
            card.Name = CardNaming.NameFromContacts(card)!;
            CardJson.SetProvenance(card, "name", context.FieldSource);
        }

        var email = card.Contacts.FirstOrDefault(c => c.Kind == ContactKinds.Email)?.Value;
        if (card.OrganizationId is null && email is not null && organizations.FirstOrDefault() is { } lookup
            && await lookup.ResolveForEmailAsync(email, cancellationToken) is { } organizationId)
        {
            card.OrganizationId = organizationId;
            CardJson.SetProvenance(card, "organizationId", new FieldSource(Sources.System, context.At));
        }

        var gravatarUrl = card.AvatarUrl is null && email is not null ? gravatar.UrlFor(email) : null;
        if (gravatarUrl is not null)
        {
            card.AvatarUrl = gravatarUrl;
            CardJson.SetProvenance(card, "avatarUrl", new FieldSource(Sources.System, context.At));
        }

        db.Cards.Add(card);
        CardEvents.PublishCreated(db, card, context);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (IdentityConflict.IsViolation(e))
        {
            return await IdentityConflict.ProblemAsync(db, card.Id, card.Contacts, cancellationToken);
        }

        if (gravatarUrl is not null)
        {
            // Checked by the avatar sweep (C6); a crash right here only leaves the URL unchecked.
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO clients.avatar_checks (client_id, url, due_at) VALUES ({card.Id}, {gravatarUrl}, now()) ON CONFLICT (client_id) DO NOTHING",
                cancellationToken);
            avatarSweep.Wake();
        }

        response.Headers.ETag = ClientCardView.ETag(card);
        return TypedResults.Created($"/api/v1/clients/{card.Id}", ClientCardView.From(card));
    }

    private static async Task<IResult> GetAsync(Guid id, ClientsDbContext db, HttpResponse response, CancellationToken cancellationToken)
    {
        var card = await LoadAsync(db, id, tracking: false, cancellationToken);
        if (card is null)
        {
            return NotFound();
        }

        response.Headers.ETag = ClientCardView.ETag(card);
        return TypedResults.Ok(ClientCardView.From(card));
    }

    private static async Task<IResult> UpdateAsync(
        Guid id,
        JsonObject? patch,
        HttpRequest request,
        ClientsDbContext db,
        CardEditor editor,
        ClaimsPrincipal user,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var card = await LoadAsync(db, id, tracking: true, cancellationToken);
        if (card is null)
        {
            return NotFound();
        }

        if (patch is null)
        {
            return Problems.Validation("body", "A JSON object is required.");
        }

        if (IsStale(request, card))
        {
            return Problems.PreconditionFailed("The card changed since it was read; GET it again.");
        }

        var context = Actors.AgentEdit(user, clock.GetUtcNow());
        var errors = new ValidationErrors();
        var edit = await editor.ApplyAsync(card, patch, context, errors, cancellationToken);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        if (edit.Changes.Count > 0)
        {
            card.UpdatedAt = context.At;
            CardEvents.PublishEdit(db, card, edit, context);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return Problems.PreconditionFailed("The card changed while this change was saved; GET it again.");
            }
            catch (DbUpdateException e) when (IdentityConflict.IsViolation(e))
            {
                return await IdentityConflict.ProblemAsync(db, card.Id, edit.AddedContacts, cancellationToken);
            }
        }

        request.HttpContext.Response.Headers.ETag = ClientCardView.ETag(card);
        return TypedResults.Ok(ClientCardView.From(card));
    }

    private static async Task<IResult> DeleteAsync(
        Guid id, ClientsDbContext db, ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellationToken)
    {
        var card = await db.Cards.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (card is null)
        {
            return NotFound();
        }

        var context = Actors.AgentEdit(user, clock.GetUtcNow());
        db.Cards.Remove(card);
        db.Publish(new ClientDeleted(card.Id, context.Actor));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> SetHiddenAsync(
        Guid id, bool hidden, ClientsDbContext db, ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellationToken)
    {
        var card = await db.Cards.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (card is null)
        {
            return NotFound();
        }

        if (card.Hidden != hidden)
        {
            var context = Actors.AgentEdit(user, clock.GetUtcNow());
            card.Hidden = hidden;
            card.UpdatedAt = context.At;
            CardJson.SetProvenance(card, "hidden", context.FieldSource);
            db.Publish(new ClientCardChanged(
                card.Id, hidden ? "hidden" : "unhidden", context.Actor, hidden ? "Card hidden" : "Card shown again",
                $$"""{"hidden":{{(!hidden).ToString().ToLowerInvariant()}}}""", $$"""{"hidden":{{hidden.ToString().ToLowerInvariant()}}}"""));
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.NoContent();
    }

    public static async Task<ClientCard?> LoadAsync(ClientsDbContext db, Guid id, bool tracking, CancellationToken cancellationToken)
    {
        var query = db.Cards.Include(c => c.Contacts).ThenInclude(c => c.Identity).AsSplitQuery();
        return await (tracking ? query : query.AsNoTracking()).SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
    }

    public static bool IsStale(HttpRequest request, ClientCard card) => EntityVersions.IsStale(request, ClientCardView.ETag(card));

    public static IResult NotFound() => Problems.NotFound("No client has this id.");
}
