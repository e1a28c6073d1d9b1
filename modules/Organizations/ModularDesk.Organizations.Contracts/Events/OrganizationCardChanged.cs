using ModularDesk.BuildingBlocks.Contracts;

namespace ModularDesk.Organizations.Contracts.Events;

/// <summary>
/// One change to an organization card, for the change history (H3): <c>created</c>, <c>fieldChanged</c>,
/// <c>domainAdded</c>, <c>domainRemoved</c>, <c>memberAdded</c>, <c>memberRemoved</c>, <c>deleted</c>, …,
/// with JSON objects of exactly what changed.
/// </summary>
public sealed record OrganizationCardChanged(
    Guid OrganizationId, string Kind, ChangeActor Actor, string Summary, string? BeforeJson, string? AfterJson) : IntegrationEvent;
