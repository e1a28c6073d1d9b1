using System.Text.Json;

namespace ModularDesk.Plugins.WhatsApp;

// The Cloud API's webhook body (object "whatsapp_business_account", field "messages"): only the parts the desk reads.
// Deserialized with snake_case names; unknown fields are ignored, so new Meta fields never break parsing.
internal sealed record WebhookPayload(string? Object, IReadOnlyList<WebhookEntry>? Entry);

internal sealed record WebhookEntry(string? Id, IReadOnlyList<WebhookChange>? Changes);

internal sealed record WebhookChange(string? Field, WebhookValue? Value);

internal sealed record WebhookValue(
    string? MessagingProduct,
    WebhookMetadata? Metadata,
    IReadOnlyList<WaContact>? Contacts,
    IReadOnlyList<WaMessage>? Messages,
    IReadOnlyList<WaStatus>? Statuses);

internal sealed record WebhookMetadata(string? DisplayPhoneNumber, string? PhoneNumberId);

internal sealed record WaContact(WaProfile? Profile, string? WaId);

internal sealed record WaProfile(string? Name);

internal sealed record WaMessage(
    string? From,
    string? Id,
    string? Timestamp,
    string? Type,
    WaText? Text,
    WaMedia? Image,
    WaMedia? Document,
    WaMedia? Audio,
    WaMedia? Video,
    WaMedia? Sticker,
    WaContext? Context,
    WaLocation? Location,
    WaButton? Button,
    JsonElement? Interactive);

internal sealed record WaText(string? Body);

internal sealed record WaMedia(string? Id, string? MimeType, string? Sha256, string? Caption, string? Filename);

internal sealed record WaContext(string? From, string? Id);

internal sealed record WaLocation(double? Latitude, double? Longitude, string? Name, string? Address);

internal sealed record WaButton(string? Text, string? Payload);

internal sealed record WaStatus(string? Id, string? Status, string? Timestamp, string? RecipientId, IReadOnlyList<GraphError>? Errors);

/// <summary>An error object as the Graph API writes it, in error responses and in failed statuses.</summary>
internal sealed record GraphError(int Code, string? Title, string? Message, string? Type, int? ErrorSubcode, GraphErrorData? ErrorData);

internal sealed record GraphErrorData(string? Details);

internal sealed record GraphErrorResponse(GraphError? Error);

internal static class GraphJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
