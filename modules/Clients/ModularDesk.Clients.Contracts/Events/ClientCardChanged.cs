using ModularDesk.BuildingBlocks.Contracts;

namespace ModularDesk.Clients.Contracts.Events;

/// <summary>
/// One change to a card, for the change history (H3). <see cref="Kind"/> is one of <c>created</c>,
/// <c>fieldChanged</c>, <c>contactAdded</c>, <c>contactRemoved</c>, <c>contactChanged</c>, <c>fileAdded</c>,
/// <c>fileRemoved</c>, <c>fileRenamed</c>, <c>recordAdded</c>, <c>recordEdited</c>, <c>recordRemoved</c>,
/// <c>merged</c>, <c>unmerged</c>, <c>hidden</c>, <c>unhidden</c>, <c>spamToggled</c>, <c>vipToggled</c>,
/// <c>organizationChanged</c>. <see cref="BeforeJson"/>/<see cref="AfterJson"/> are JSON objects of exactly
/// what changed (null when nothing was there before / after).
/// </summary>
public sealed record ClientCardChanged(
    Guid ClientId, string Kind, ChangeActor Actor, string Summary, string? BeforeJson, string? AfterJson) : IntegrationEvent;
