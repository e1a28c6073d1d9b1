using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModularDesk.Channels.Inbox;

/// <summary>How <c>InboundMessageData</c> is written to and read from <c>inbox_messages.payload</c>.</summary>
internal static class InboxPayloadJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
