using ModularDesk.Organizations.Contracts.Routing;
using ModularDesk.Organizations.Settings;

namespace ModularDesk.Organizations.Routing;

/// <summary>A stored rule read once into its validated conditions and actions, as the router's cache holds it.</summary>
internal sealed record CompiledRule(
    Guid Id,
    string Name,
    int Order,
    bool StopProcessing,
    Guid? OrganizationId,
    IReadOnlyList<RuleCondition> Conditions,
    IReadOnlyList<RuleAction> Actions)
{
    /// <summary>All conditions hold (a rule without conditions matches every ticket).</summary>
    public bool Matches(TicketRoutingFacts ticket, RoutingSettings settings) =>
        Conditions.All(condition => condition.Matches(ticket, settings));
}
