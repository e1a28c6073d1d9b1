using System.Text.Json;
using ModularDesk.Clients.Cards;
using ModularDesk.Clients.Contracts.Events;
using ModularDesk.Clients.Identities;

namespace ModularDesk.Clients.Merging;

/// <summary>
/// A card with its contacts and identities as JSON, exactly as stored: the entity itself is serialized, so a
/// field added to the card later is kept by undo without touching this code.
/// </summary>
internal static class MergeSnapshots
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Of(ClientCard card) => JsonSerializer.Serialize(card, Options);

    public static ClientCard Read(string json) =>
        JsonSerializer.Deserialize<ClientCard>(json, Options) ?? throw new InvalidOperationException("An empty merge snapshot.");

    /// <summary>The identities as other modules name them (email lower-case, phone E.164, ids with their scope).</summary>
    public static IReadOnlyList<IdentityRef> IdentitiesOf(ClientCard card) =>
        card.Contacts.Where(c => c.Identity is not null)
            .Select(c => new IdentityRef(
                c.Kind,
                c.Kind switch
                {
                    ContactKinds.Email => c.Value.ToLowerInvariant(),
                    ContactKinds.Phone => c.Value,
                    _ => c.Identity!.Key,
                },
                c.Identity!.Scope.Length == 0 ? null : c.Identity.Scope))
            .ToList();

    /// <summary>"kind|scope|key" of each identity, to find the same identity on another row.</summary>
    public static string KeyOf(Identity identity) => $"{identity.Kind}|{identity.Scope}|{identity.Key}";
}
