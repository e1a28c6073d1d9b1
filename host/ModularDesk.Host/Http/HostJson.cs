using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModularDesk.Host.Http;

internal static class HostJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.Converters.Add(new UtcTimestampConverter());
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
    }
}
