using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Contracts;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.BuildingBlocks.Security;
using ModularDesk.Clients.CardChanges;
using ModularDesk.Clients.Cards;
using ModularDesk.Clients.Contracts.Events;
using ModularDesk.Clients.Contracts.Ports;
using ModularDesk.Clients.Duplicates;
using ModularDesk.Clients.FieldGroups;
using ModularDesk.Clients.Files;
using ModularDesk.Clients.Persistence;

namespace ModularDesk.Clients.Merging;

/// <summary>
/// Merge preview, merge (C13) and undo (C14). A merge locks both cards in id order, keeps a snapshot of both (with
/// contacts and identities), moves contacts, identities, files and records to the survivor, deletes the other card
/// and publishes <see cref="ClientsMerged"/> so Tickets and History move what they hold. Undo puts both cards back
/// from the snapshots; what was added since stays where it was added.
/// </summary>
internal static class MergeEndpoints
{
    public static void MapMergeEndpoints(this IEndpointRouteBuilder api)
    {
        var clients = api.MapGroup("/clients/{id:guid}").RequireAuthorization(Policies.Agent).WithTags("Clients");
        clients.MapPost("/merge-preview", PreviewAsync).WithName("PreviewClientMerge")
            .WithSummary("Both cards field by field with the suggested side, the union of contacts, and what would move.");
        clients.MapPost("/merge", MergeAsync).WithName("MergeClients")
            .WithSummary("Merges otherClientId into this card; choices pick 'survivor' or 'other' per field. The other card is gone.");
        api.MapGroup("/merges").RequireAuthorization(Policies.Agent).WithTags("Clients")
            .MapPost("/{mergeId:guid}/undo", UndoAsync).WithName("UndoClientMerge")
            .WithSummary("Within 30 days: both cards back exactly as before the merge.");
    }

    private static async Task<IResult> PreviewAsync(
        Guid id, MergeRequest? request, ClientsDbContext db, IEnumerable<IClientActivity> activities, CancellationToken cancellationToken)
    {
        if (CheckRequest(id, request) is { } invalid)
        {
            return invalid;
        }

        var otherId = request!.OtherClientId!.Value;
        var (survivor, other, problem) = await LoadPairAsync(db, id, otherId, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var fields = MergeFields.All
            .Select(f => new MergeFieldView(
                f.Name, MergeFields.ToJson(f.Get(survivor!)), MergeFields.ToJson(f.Get(other!)), MergeFields.DefaultSide(f, survivor!, other!)))
            .ToList();
        var contacts = survivor!.Contacts.Select(c => Contact(c, MergeFields.Survivor))
            .Concat(other!.Contacts.Select(c => Contact(c, MergeFields.Other)))
            .ToList();
        var activity = activities.FirstOrDefault() is { } tickets
            ? await tickets.CountAsync(otherId, cancellationToken)
            : new ClientActivityCounts(0, 0);
        var files = await db.Set<ClientFile>().CountAsync(f => f.ClientId == otherId, cancellationToken);
        var records = await db.Set<FieldGroupRecord>().CountAsync(r => r.ClientId == otherId, cancellationToken);
        return TypedResults.Ok(new MergePreviewView(fields, contacts, new MergeMovesView(activity.Tickets, activity.Messages, files, records)));
    }

    private static async Task<IResult> MergeAsync(
        Guid id, MergeRequest? request, ClientsDbContext db, ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (CheckRequest(id, request) is { } invalid)
        {
            return invalid;
        }

        var otherId = request!.OtherClientId!.Value;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await MergeSql.LockCardsAsync(db, id, otherId, cancellationToken);
        var (survivor, other, problem) = await LoadPairAsync(db, id, otherId, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var now = clock.GetUtcNow();
        var actor = AgentActor.Of(user);
        var merge = new ClientMerge
        {
            Id = Guid.CreateVersion7(),
            SurvivorId = id,
            MergedId = otherId,
            MergedAt = now,
            ActorId = actor.Id,
            ActorName = actor.Name,
            SurvivorSnapshot = MergeSnapshots.Of(survivor!),
            MergedSnapshot = MergeSnapshots.Of(other!),
        };

        var card = await db.Cards.SingleAsync(c => c.Id == id, cancellationToken);
        var before = new JsonObject();
        var after = new JsonObject();
        foreach (var field in MergeFields.All)
        {
            var side = request.Choices?.GetValueOrDefault(field.Name) ?? MergeFields.DefaultSide(field, survivor!, other!);
            var value = side == MergeFields.Other ? field.Get(other!) : field.Get(survivor!);
            if (!Equals(value, field.Get(card)))
            {
                before[field.Name] = MergeFields.ToNode(field.Get(card));
                after[field.Name] = MergeFields.ToNode(value);
                field.Set(card, value);
                CardJson.SetProvenance(card, field.Name, new FieldSource(Sources.Merge, now, actor.Id));
            }
        }

        card.CustomFields = MergeFields.UnionCustomFields(survivor!, other!);
        card.Addresses = MergeFields.UnionAddresses(survivor!, other!);
        card.UpdatedAt = now;

        // Contacts keep their ids and provenance; their identities follow them to the survivor.
        await db.Contacts.Where(c => c.ClientId == otherId).ExecuteUpdateAsync(s => s.SetProperty(c => c.ClientId, id), cancellationToken);
        await db.Identities.Where(i => i.ClientId == otherId).ExecuteUpdateAsync(s => s.SetProperty(i => i.ClientId, id), cancellationToken);
        merge.MovedFileIds = await MergeSql.MoveAsync(db, "client_files", otherId, id, cancellationToken);
        merge.MovedRecordIds = await MergeSql.MoveAsync(db, "field_group_records", otherId, id, cancellationToken);
        await db.Cards.Where(c => c.Id == otherId).ExecuteDeleteAsync(cancellationToken);
        await DuplicateSuggestions.ForgetAsync(db, otherId, cancellationToken);
        db.Add(merge);

        db.Publish(new ClientsMerged(merge.Id, id, otherId, actor));
        db.Publish(new ClientCardChanged(
            id, "merged", actor, $"Merged {other!.Name} into this card",
            ChangeJson.Of(new { fields = before, merged = ClientCardView.From(other) }),
            ChangeJson.Of(new { fields = after, mergeId = merge.Id })));
        PublishRenameAndOrganization(db, survivor!, card, actor);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var merged = await CardEndpoints.LoadAsync(db, id, tracking: false, cancellationToken);
        return TypedResults.Ok(new MergeResultView(merge.Id, ClientCardView.From(merged!)));
    }

    private static async Task<IResult> UndoAsync(
        Guid mergeId, ClientsDbContext db, ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT id FROM clients.merges WHERE id = {mergeId} FOR UPDATE", cancellationToken);
        var merge = await db.Set<ClientMerge>().SingleOrDefaultAsync(m => m.Id == mergeId, cancellationToken);
        var now = clock.GetUtcNow();
        if (merge is null)
        {
            return Problems.NotFound("No merge has this id.");
        }

        if (merge.UndoneAt is not null)
        {
            return Problems.Conflict("merge-already-undone", "The merge was already undone", $"It was undone at {merge.UndoneAt:O}.");
        }

        if (now - merge.MergedAt > ClientMerge.UndoWindow)
        {
            return Problems.Conflict(
                "merge-undo-expired", "Too late to undo", $"A merge can be undone for {ClientMerge.UndoWindow.TotalDays} days; this one is older.");
        }

        await MergeSql.LockCardsAsync(db, merge.SurvivorId, merge.MergedId, cancellationToken);
        var survivorCard = await db.Cards.SingleOrDefaultAsync(c => c.Id == merge.SurvivorId, cancellationToken);
        if (survivorCard is null)
        {
            return Problems.Conflict(
                "merge-survivor-gone", "The surviving card is gone", "The card the merge kept was deleted or merged again since.");
        }

        if (await db.Cards.AnyAsync(c => c.Id == merge.MergedId, cancellationToken))
        {
            return Problems.Conflict("merge-already-undone", "The merged card exists", "The merged card exists again.");
        }

        var survivorBefore = MergeSnapshots.Read(merge.SurvivorSnapshot);
        var restored = MergeSnapshots.Read(merge.MergedSnapshot);
        var snapshotContacts = survivorBefore.Contacts.Concat(restored.Contacts).ToList();
        var contactIds = snapshotContacts.Select(c => c.Id).ToList();
        var identityKeys = snapshotContacts.Where(c => c.Identity is not null).Select(c => MergeSnapshots.KeyOf(c.Identity!)).ToList();

        // An identity of the snapshots that a third card took since cannot come back without taking it away.
        var taken = await db.Identities.AsNoTracking()
            .Where(i => i.ClientId != merge.SurvivorId && identityKeys.Contains(i.Kind + "|" + i.Scope + "|" + i.Key))
            .Select(i => new { i.ClientId, i.Kind })
            .FirstOrDefaultAsync(cancellationToken);
        if (taken is not null)
        {
            return Problems.Conflict(
                "merge-undo-conflict", "An identity moved to another card",
                $"A {taken.Kind} of these cards now belongs to client {taken.ClientId}; move it back first.",
                new Dictionary<string, object?> { ["conflictingClientId"] = taken.ClientId });
        }

        // Contacts of the snapshots (wherever they are now, edited or not) and re-added copies of their identities
        // are replaced by the snapshots' rows; contacts added since the merge stay on the survivor.
        var readdedContactIds = await db.Identities.AsNoTracking()
            .Where(i => i.ClientId == merge.SurvivorId && identityKeys.Contains(i.Kind + "|" + i.Scope + "|" + i.Key))
            .Select(i => i.ContactId)
            .ToListAsync(cancellationToken);
        await db.Contacts.Where(c => contactIds.Contains(c.Id) || readdedContactIds.Contains(c.Id)).ExecuteDeleteAsync(cancellationToken);

        var survivorNow = new ClientCard { Name = survivorCard.Name, OrganizationId = survivorCard.OrganizationId };
        var entry = db.Entry(survivorCard);
        var version = survivorCard.Version;
        entry.CurrentValues.SetValues(survivorBefore);
        survivorCard.Version = version;
        entry.Property(c => c.Version).IsModified = false;
        entry.Property(c => c.SearchName).IsModified = false;
        db.Contacts.AddRange(survivorBefore.Contacts);
        db.Cards.Add(restored);

        merge.UndoneAt = now;

        var actor = AgentActor.Of(user);
        db.Publish(new ClientMergeUndone(merge.Id, merge.SurvivorId, merge.MergedId, MergeSnapshots.IdentitiesOf(restored), actor));
        db.Publish(new ClientCardChanged(
            merge.SurvivorId, "unmerged", actor, $"Undid the merge of {restored.Name}",
            ChangeJson.Of(new { mergeId = merge.Id }), ChangeJson.Of(new { restoredClientId = restored.Id })));
        db.Publish(new ClientCardChanged(
            restored.Id, "unmerged", actor, $"Restored from the merge into {survivorCard.Name}", null, ChangeJson.Of(ClientCardView.From(restored))));
        PublishRenameAndOrganization(db, survivorNow, survivorCard, actor);
        await db.SaveChangesAsync(cancellationToken);

        // After the restored card is back (the files' and records' foreign keys point at it).
        await db.Set<ClientFile>().Where(f => merge.MovedFileIds.Contains(f.Id) && f.ClientId == merge.SurvivorId)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.ClientId, merge.MergedId), cancellationToken);
        await db.Set<FieldGroupRecord>().Where(r => merge.MovedRecordIds.Contains(r.Id) && r.ClientId == merge.SurvivorId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ClientId, merge.MergedId), cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var survivorView = await CardEndpoints.LoadAsync(db, merge.SurvivorId, tracking: false, cancellationToken);
        var restoredView = await CardEndpoints.LoadAsync(db, merge.MergedId, tracking: false, cancellationToken);
        return TypedResults.Ok(new UndoResultView(merge.Id, ClientCardView.From(survivorView!), ClientCardView.From(restoredView!)));
    }

    private static IResult? CheckRequest(Guid id, MergeRequest? request)
    {
        var errors = new ValidationErrors();
        if (request?.OtherClientId is null)
        {
            errors.Add("otherClientId", "Required: the card to merge into this one.");
        }

        foreach (var (field, side) in request?.Choices ?? [])
        {
            if (MergeFields.All.All(f => f.Name != field))
            {
                errors.Add($"choices.{field}", $"Not a field a merge chooses: {string.Join(", ", MergeFields.All.Select(f => f.Name))}.");
            }
            else if (side is not (MergeFields.Survivor or MergeFields.Other))
            {
                errors.Add($"choices.{field}", "Must be 'survivor' or 'other'.");
            }
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        return request!.OtherClientId == id
            ? Problems.Create(StatusCodes.Status400BadRequest, "merge-same-client", "A card cannot merge with itself", "Pick another card to merge.")
            : null;
    }

    /// <summary>Both cards with contacts and identities, or the problem that stops the merge.</summary>
    private static async Task<(ClientCard? Survivor, ClientCard? Other, IResult? Problem)> LoadPairAsync(
        ClientsDbContext db, Guid survivorId, Guid otherId, CancellationToken cancellationToken)
    {
        var survivor = await CardEndpoints.LoadAsync(db, survivorId, tracking: false, cancellationToken);
        var other = await CardEndpoints.LoadAsync(db, otherId, tracking: false, cancellationToken);
        foreach (var (cardId, card) in new[] { (survivorId, survivor), (otherId, other) })
        {
            if (card is null)
            {
                var mergedInto = await db.Set<ClientMerge>().AsNoTracking()
                    .Where(m => m.MergedId == cardId && m.UndoneAt == null)
                    .Select(m => (Guid?)m.SurvivorId)
                    .FirstOrDefaultAsync(cancellationToken);
                return (null, null, mergedInto is null
                    ? Problems.NotFound($"No client has the id {cardId}.")
                    : Problems.Conflict(
                        "client-merged", "The card was merged", $"Client {cardId} was merged into {mergedInto}.",
                        new Dictionary<string, object?> { ["clientId"] = cardId, ["survivorId"] = mergedInto }));
            }

            if (card.Hidden)
            {
                return (null, null, Problems.Conflict(
                    "client-hidden", "The card is hidden", $"Client {cardId} is hidden; unhide it before merging.",
                    new Dictionary<string, object?> { ["clientId"] = cardId }));
            }
        }

        return (survivor, other, null);
    }

    private static MergeContactView Contact(CardContact contact, string from) =>
        new(contact.Id, contact.Kind, contact.Value, contact.Display, contact.Label, contact.Source, from);

    private static void PublishRenameAndOrganization(ClientsDbContext db, ClientCard before, ClientCard after, ChangeActor actor)
    {
        if (before.Name != after.Name)
        {
            db.Publish(new ClientRenamed(after.Id, after.Name));
        }

        if (before.OrganizationId != after.OrganizationId)
        {
            db.Publish(new ClientOrganizationChanged(after.Id, before.OrganizationId, after.OrganizationId, actor));
        }
    }
}
