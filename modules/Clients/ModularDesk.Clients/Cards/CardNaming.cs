using ModularDesk.Clients.Identities;

namespace ModularDesk.Clients.Cards;

internal static class CardNaming
{
    /// <summary>C2: a card created without a name is named after its first email, phone, messenger id or external id.</summary>
    public static string? NameFromContacts(ClientCard card)
    {
        foreach (var kind in new[] { ContactKinds.Email, ContactKinds.Phone, ContactKinds.Messenger, ContactKinds.ExternalId })
        {
            if (card.Contacts.FirstOrDefault(c => c.Kind == kind) is { } contact)
            {
                var name = contact.Display;
                return name.Length > ClientCard.MaxNameLength ? name[..ClientCard.MaxNameLength] : name;
            }
        }

        return null;
    }

    public static bool HasIdentifyingContact(ClientCard card) =>
        card.Contacts.Any(c => c.Kind is ContactKinds.Email or ContactKinds.Phone or ContactKinds.Messenger or ContactKinds.ExternalId);
}
