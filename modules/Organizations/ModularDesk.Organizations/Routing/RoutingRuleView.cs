using System.Text.Json.Nodes;
using ModularDesk.BuildingBlocks.Http;

namespace ModularDesk.Organizations.Routing;

/// <summary>A routing rule as the API shows it.</summary>
internal sealed record RoutingRuleView(
    Guid Id,
    string Name,
    int Order,
    bool Enabled,
    bool StopProcessing,
    Guid? OrganizationId,
    JsonNode? Conditions,
    JsonNode? Actions,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static RoutingRuleView From(RoutingRule rule) => new(
        rule.Id,
        rule.Name,
        rule.Order,
        rule.Enabled,
        rule.StopProcessing,
        rule.OrganizationId,
        JsonNode.Parse(rule.Conditions),
        JsonNode.Parse(rule.Actions),
        rule.CreatedAt,
        rule.UpdatedAt);

    public static string ETag(RoutingRule rule) => EntityVersions.ETag(rule.Version);
}
