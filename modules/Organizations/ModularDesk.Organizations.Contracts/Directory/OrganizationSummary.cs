namespace ModularDesk.Organizations.Contracts.Directory;

/// <summary>An organization as other modules see it.</summary>
public sealed record OrganizationSummary(Guid Id, string Name, IReadOnlyList<string> Domains, bool IsVip, string? Note, Guid? OwnerAgentId);
