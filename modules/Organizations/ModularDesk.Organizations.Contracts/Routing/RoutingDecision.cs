namespace ModularDesk.Organizations.Contracts.Routing;

/// <summary>
/// The outcome of routing: each field is null when no rule set it. <see cref="FiredRules"/> lists the rules whose
/// conditions matched, in the order they ran.
/// </summary>
public sealed record RoutingDecision(
    Guid? AssigneeAgentId,
    Guid? TeamId,
    string? Priority,
    string? Status,
    IReadOnlyList<string> Tags,
    IReadOnlyList<FiredRule> FiredRules,
    IReadOnlyList<string> Problems);

/// <summary>A rule that matched a ticket.</summary>
public sealed record FiredRule(Guid RuleId, string Name, DateTimeOffset At);
