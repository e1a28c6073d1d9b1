using System.Text.Json;

namespace ModularDesk.BuildingBlocks.Outbox;

internal static class IntegrationEventJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
