namespace ModularDesk.Clients.Identities;

/// <summary>The kinds of contact a card holds; all but <see cref="Site"/> identify a person (C4).</summary>
internal static class ContactKinds
{
    public const string Email = "email";
    public const string Phone = "phone";
    public const string Messenger = "messenger";
    public const string Social = "social";
    public const string Site = "site";
    public const string ExternalId = "externalId";

    public const int MaxPerKind = 50;

    public static readonly string[] All = [Email, Phone, Messenger, Social, Site, ExternalId];

    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind, StringComparer.Ordinal);

    public static bool IsIdentity(string kind) => kind != Site;
}
