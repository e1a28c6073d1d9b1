using System.Text.Json.Nodes;
using ModularDesk.BuildingBlocks.Contracts;
using ModularDesk.Organizations.Contracts.Events;
using ModularDesk.Organizations.Persistence;

namespace ModularDesk.Organizations.Cards;

/// <summary>What a change to a card publishes (through the outbox, in the change's transaction) for History (H3).</summary>
internal static class CardEvents
{
    public static void Created(OrganizationsDbContext db, Organization organization, CardValues values, bool automatic, ChangeActor actor)
    {
        db.Publish(new OrganizationCreated(organization.Id, values.Name, values.Domains, automatic, actor));
        db.Publish(new OrganizationCardChanged(
            organization.Id,
            "created",
            actor,
            automatic ? $"Created from the email domain {values.Domains.FirstOrDefault()}" : $"Created \"{values.Name}\"",
            null,
            CardDocument.From(values).ToJsonString()));
    }

    /// <summary>Publishes the difference between two versions of a card; false when there is none.</summary>
    public static bool Changed(OrganizationsDbContext db, Guid organizationId, CardValues before, CardValues after, ChangeActor actor)
    {
        var beforeDocument = CardDocument.From(before);
        var afterDocument = CardDocument.From(after);
        var changedBefore = new JsonObject();
        var changedAfter = new JsonObject();
        foreach (var (key, value) in afterDocument)
        {
            if (key == "domains" || JsonNode.DeepEquals(beforeDocument[key], value))
            {
                continue;
            }

            changedBefore[key] = beforeDocument[key]?.DeepClone();
            changedAfter[key] = value?.DeepClone();
        }

        var any = false;
        if (changedAfter.Count > 0)
        {
            any = true;
            db.Publish(new OrganizationCardChanged(
                organizationId,
                "fieldChanged",
                actor,
                "Changed " + string.Join(", ", changedAfter.Select(p => p.Key)),
                changedBefore.ToJsonString(),
                changedAfter.ToJsonString()));
            if (before.Name != after.Name)
            {
                db.Publish(new OrganizationRenamed(organizationId, after.Name));
            }
        }

        var added = after.Domains.Except(before.Domains).Order(StringComparer.Ordinal).ToList();
        var removed = before.Domains.Except(after.Domains).Order(StringComparer.Ordinal).ToList();
        if (added.Count > 0)
        {
            any = true;
            db.Publish(new OrganizationCardChanged(
                organizationId, "domainAdded", actor, "Added " + string.Join(", ", added), null, DomainsJson(added)));
        }

        if (removed.Count > 0)
        {
            any = true;
            db.Publish(new OrganizationCardChanged(
                organizationId, "domainRemoved", actor, "Removed " + string.Join(", ", removed), DomainsJson(removed), null));
        }

        return any;
    }

    public static void Deleted(OrganizationsDbContext db, Organization organization, ChangeActor actor)
    {
        db.Publish(new OrganizationCardChanged(
            organization.Id, "deleted", actor, $"Deleted \"{organization.Name}\"", CardDocument.From(organization).ToJsonString(), null));
        db.Publish(new OrganizationDeleted(organization.Id, actor));
    }

    public static void Members(OrganizationsDbContext db, Guid organizationId, IReadOnlyCollection<Guid> clientIds, bool added, ChangeActor actor)
    {
        var json = new JsonObject { ["clientIds"] = new JsonArray(clientIds.Select(id => (JsonNode)id.ToString()).ToArray()) }.ToJsonString();
        db.Publish(new OrganizationCardChanged(
            organizationId,
            added ? "memberAdded" : "memberRemoved",
            actor,
            (added ? "Moved in " : "Moved out ") + (clientIds.Count == 1 ? "1 client" : $"{clientIds.Count} clients"),
            added ? null : json,
            added ? json : null));
    }

    private static string DomainsJson(IEnumerable<string> domains) =>
        new JsonObject { ["domains"] = new JsonArray(domains.Select(d => (JsonNode)d).ToArray()) }.ToJsonString();
}
