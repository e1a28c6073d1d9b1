using System.Text.Json;

namespace ModularDesk.Clients.Cards;

/// <summary>The card's <c>jsonb</c> columns read and written with one set of options.</summary>
internal static class CardJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<CardAddress> Addresses(ClientCard card) =>
        JsonSerializer.Deserialize<List<CardAddress>>(card.Addresses, Options) ?? [];

    public static JsonElement CustomFields(ClientCard card) => JsonDocument.Parse(card.CustomFields).RootElement.Clone();

    public static Dictionary<string, FieldSource> Provenance(ClientCard card) =>
        JsonSerializer.Deserialize<Dictionary<string, FieldSource>>(card.Provenance, Options) ?? [];

    public static void SetProvenance(ClientCard card, string field, FieldSource source)
    {
        var all = Provenance(card);
        all[field] = source;
        card.Provenance = JsonSerializer.Serialize(all, Options);
    }

    public static string? SourceOf(ClientCard card, string field) =>
        Provenance(card).TryGetValue(field, out var source) ? source.Source : null;
}
