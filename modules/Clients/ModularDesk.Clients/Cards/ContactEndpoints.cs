using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.Clients.Identities;
using ModularDesk.Clients.Persistence;

namespace ModularDesk.Clients.Cards;

/// <summary>
/// One contact at a time (C9): <c>POST /clients/{id}/contacts</c> <c>{ "kind", …fields as in the card body }</c>,
/// <c>PATCH</c> and <c>DELETE /clients/{id}/contacts/{contactId}</c>. Identities are judged by the unique index.
/// </summary>
internal static class ContactEndpoints
{
    public static void MapContactEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/clients/{id:guid}/contacts").WithTags("Clients");
        group.MapPost("/", AddAsync).WithName("AddClientContact")
            .WithSummary("Adds an email, phone, messenger id, social profile, site or external id; 409 identity-conflict names the owner.");
        group.MapPatch("/{contactId:guid}", UpdateAsync).WithName("UpdateClientContact").WithSummary("Changes a contact's value or label.");
        group.MapDelete("/{contactId:guid}", RemoveAsync).WithName("RemoveClientContact").WithSummary("Removes a contact (and its identity).");
    }

    private static async Task<IResult> AddAsync(
        Guid id, JsonObject? body, ClientsDbContext db, CardEditor editor, ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellationToken)
    {
        var card = await CardEndpoints.LoadAsync(db, id, tracking: true, cancellationToken);
        if (card is null)
        {
            return CardEndpoints.NotFound();
        }

        var kind = body?["kind"]?.GetValueKind() == JsonValueKind.String ? body["kind"]!.GetValue<string>() : null;
        if (body is null || !ContactKinds.IsKnown(kind))
        {
            return Problems.Validation("kind", $"One of {string.Join(", ", ContactKinds.All)}.");
        }

        if (card.Contacts.Count(c => c.Kind == kind) >= ContactKinds.MaxPerKind)
        {
            return Problems.Validation("kind", $"A card holds at most {ContactKinds.MaxPerKind} contacts of each kind.");
        }

        var (value, label, error) = CardEditor.ReadContactItem(kind!, body);
        var errors = new ValidationErrors();
        if (error is not null)
        {
            errors.Add(ContactNormalizer.ValueField(kind!), error);
        }

        var normalized = error is null ? editor.Normalize(kind!, value, label, "", errors) : null;
        if (normalized is null || !errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var duplicate = card.Contacts.FirstOrDefault(c => c.Kind == kind && (c.Identity?.Key ?? c.Value) == (normalized.Identity?.Key ?? normalized.Value));
        if (duplicate is not null)
        {
            return IdentityConflict.Problem(card.Id, kind!, duplicate.Display, sameCard: true);
        }

        var context = Actors.AgentEdit(user, clock.GetUtcNow());
        var edit = new CardEdit();
        var contact = CardEditor.AddContact(card, normalized, context, edit);
        card.UpdatedAt = context.At;
        CardEvents.PublishEdit(db, card, edit, context);
        var saved = await SaveAsync(db, card, edit, cancellationToken);
        return saved ?? TypedResults.Created($"/api/v1/clients/{card.Id}/contacts/{contact.Id}", ContactView.From(contact));
    }

    private static async Task<IResult> UpdateAsync(
        Guid id, Guid contactId, JsonObject? body, HttpRequest request, ClientsDbContext db, CardEditor editor, ClaimsPrincipal user,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var card = await CardEndpoints.LoadAsync(db, id, tracking: true, cancellationToken);
        var contact = card?.Contacts.SingleOrDefault(c => c.Id == contactId);
        if (card is null || contact is null)
        {
            return Problems.NotFound("No such contact on this client.");
        }

        if (body is null)
        {
            return Problems.Validation("body", "A JSON object is required.");
        }

        if (CardEndpoints.IsStale(request, card))
        {
            return Problems.PreconditionFailed("The card changed since it was read; GET it again.");
        }

        var valueField = ContactNormalizer.ValueField(contact.Kind);
        var labelField = ContactNormalizer.LabelField(contact.Kind);
        var (value, label, error) = CardEditor.ReadContactItem(contact.Kind, body);
        var errors = new ValidationErrors();
        if (error is not null)
        {
            return Problems.Validation(valueField, error);
        }

        var currentValue = contact.Kind == ContactKinds.Social || contact.Kind == ContactKinds.Site ? contact.Display : contact.Value;
        var normalized = editor.Normalize(
            contact.Kind,
            body.ContainsKey(valueField) || body.ContainsKey("value") ? value : currentValue,
            labelField is not null && body.ContainsKey(labelField) ? label : contact.Label,
            "",
            errors);
        if (normalized is null || !errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var context = Actors.AgentEdit(user, clock.GetUtcNow());
        var edit = new CardEdit();
        var before = CardEditor.ContactJson(contact);
        contact.Value = normalized.Value;
        contact.Display = normalized.Display;
        contact.Label = normalized.Label;
        contact.Source = context.Source;
        contact.UpdatedAt = context.At;
        if (normalized.Identity is { } identity && (contact.Identity is null || contact.Identity.Key != identity.Key || contact.Identity.Scope != identity.Scope))
        {
            contact.Identity = new Identity
            {
                Id = Guid.CreateVersion7(), ClientId = card.Id, ContactId = contact.Id, Kind = identity.Kind, Scope = identity.Scope, Key = identity.Key,
            };
            edit.AddedContacts.Add(contact);
        }

        var after = CardEditor.ContactJson(contact);
        if (!JsonNode.DeepEquals(before, after))
        {
            edit.Changes.Add(new CardChange("contactChanged", $"Changed {contact.Kind} {contact.Display}", before, after));
            card.UpdatedAt = context.At;
            CardEvents.PublishEdit(db, card, edit, context);
            if (await SaveAsync(db, card, edit, cancellationToken) is { } problem)
            {
                return problem;
            }
        }

        return TypedResults.Ok(ContactView.From(contact));
    }

    private static async Task<IResult> RemoveAsync(
        Guid id, Guid contactId, ClientsDbContext db, ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellationToken)
    {
        var card = await CardEndpoints.LoadAsync(db, id, tracking: true, cancellationToken);
        var contact = card?.Contacts.SingleOrDefault(c => c.Id == contactId);
        if (card is null || contact is null)
        {
            return Problems.NotFound("No such contact on this client.");
        }

        var context = Actors.AgentEdit(user, clock.GetUtcNow());
        var edit = new CardEdit();
        card.Contacts.Remove(contact);
        edit.Changes.Add(new CardChange("contactRemoved", $"Removed {contact.Kind} {contact.Display}", CardEditor.ContactJson(contact), null));
        card.UpdatedAt = context.At;
        CardEvents.PublishEdit(db, card, edit, context);
        return await SaveAsync(db, card, edit, cancellationToken) ?? TypedResults.NoContent();
    }

    private static async Task<IResult?> SaveAsync(ClientsDbContext db, ClientCard card, CardEdit edit, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
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
}
