using System.Text.Json;

namespace ModularDesk.Clients.CardChanges;

/// <summary>The before/after objects of <c>ClientCardChanged</c>, in the API's JSON spelling.</summary>
internal static class ChangeJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Of<T>(T value) => JsonSerializer.Serialize(value, Options);
}
