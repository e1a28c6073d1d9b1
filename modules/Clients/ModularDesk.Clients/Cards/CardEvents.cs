using ModularDesk.Clients.Contracts.Events;
using ModularDesk.Clients.Persistence;

namespace ModularDesk.Clients.Cards;

/// <summary>Publishes what an edit did, through the outbox, in the same transaction as the edit.</summary>
internal static class CardEvents
{
    public static void PublishCreated(ClientsDbContext db, ClientCard card, EditContext context)
    {
        db.Publish(new ClientCreated(card.Id, card.Name, card.OrganizationId, context.Actor));
        db.Publish(new ClientCardChanged(
            card.Id, "created", context.Actor, $"Created {card.Name}", null,
            System.Text.Json.JsonSerializer.Serialize(ClientCardView.From(card), CardJson.Options)));
        if (card.OrganizationId is not null)
        {
            db.Publish(new ClientOrganizationChanged(card.Id, null, card.OrganizationId, context.Actor));
        }
    }

    public static void PublishEdit(ClientsDbContext db, ClientCard card, CardEdit edit, EditContext context)
    {
        foreach (var change in edit.Changes)
        {
            db.Publish(new ClientCardChanged(
                card.Id, change.Kind, context.Actor, change.Summary, change.Before?.ToJsonString(), change.After?.ToJsonString()));
        }

        if (edit.Renamed)
        {
            db.Publish(new ClientRenamed(card.Id, card.Name));
        }

        if (edit.OrganizationChanged)
        {
            db.Publish(new ClientOrganizationChanged(card.Id, edit.OrganizationBefore, card.OrganizationId, context.Actor));
        }
    }
}
