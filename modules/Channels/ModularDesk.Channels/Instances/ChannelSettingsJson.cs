using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModularDesk.Channels.Instances;

/// <summary>Reads the stored <c>settings</c> and <c>secrets</c> columns, and turns setting values into the strings the SDK hands out.</summary>
internal static class ChannelSettingsJson
{
    public static JsonObject ParseSettings(string json) => JsonNode.Parse(json) as JsonObject ?? [];

    /// <summary>Key → Data Protection ciphertext.</summary>
    public static Dictionary<string, string> ParseSecrets(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];

    /// <summary>
    /// A setting as the SDK's string: strings as they are, numbers and booleans in invariant text, arrays and
    /// objects as JSON (e.g. <c>allowedOrigins</c>), null as absent.
    /// </summary>
    public static string? ToSettingString(JsonNode? value) => value?.GetValueKind() switch
    {
        null or JsonValueKind.Null => null,
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.ToJsonString(),
    };
}
