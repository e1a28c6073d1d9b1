using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModularDesk.Channels.Outbound;

/// <summary>How an <c>OutboundRequest</c> is kept in <c>outbound_messages.payload</c>.</summary>
internal static class OutboundPayloadJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
