namespace ModularDesk.Clients.Identities;

/// <summary>
/// One identity a card owns (C4): the matching key of an email, phone, messenger id, social link or external id.
/// The unique index on (kind, scope, key) is what makes "one identity, one client" hold under concurrency.
/// </summary>
internal sealed class Identity
{
    public Guid Id { get; set; }

    public Guid ClientId { get; set; }

    public Guid ContactId { get; set; }

    /// <summary><c>email</c>, <c>phone</c>, <c>messenger</c>, <c>social</c> or <c>externalId</c>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The messenger for messenger ids, the source for external ids, empty otherwise.</summary>
    public string Scope { get; set; } = "";

    /// <summary>The matching key: lower-cased email, canonical phone key, normalized URL, messenger/external id.</summary>
    public string Key { get; set; } = "";
}
