using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModularDesk.Host.Http;

/// <summary>Times leave the API as ISO-8601 UTC with a <c>Z</c> (api.md); any offset is accepted on the way in.</summary>
internal sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
}
