namespace ModularDesk.Clients.Cards;

/// <summary>What an edit did to a card: its changes, and the facts other modules hear about separately.</summary>
internal sealed class CardEdit
{
    public List<CardChange> Changes { get; } = [];

    public bool Renamed { get; set; }

    public bool OrganizationChanged { get; set; }

    public Guid? OrganizationBefore { get; set; }

    /// <summary>Contacts added by this edit whose identities the unique index will judge.</summary>
    public List<CardContact> AddedContacts { get; } = [];
}
