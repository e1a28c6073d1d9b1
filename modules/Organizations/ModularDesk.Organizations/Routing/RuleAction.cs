namespace ModularDesk.Organizations.Routing;

/// <summary>One action of a rule, validated; <see cref="TargetId"/> is the agent or team of the assigning actions.</summary>
internal sealed record RuleAction(string Type, string Value, Guid? TargetId);
