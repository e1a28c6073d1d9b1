using ModularDesk.BuildingBlocks.Contracts;

namespace ModularDesk.Organizations.Contracts.Events;

/// <summary>An organization was created by an agent or automatically from an email domain (<paramref name="Automatic"/>).</summary>
public sealed record OrganizationCreated(Guid OrganizationId, string Name, IReadOnlyList<string> Domains, bool Automatic, ChangeActor Actor) : IntegrationEvent;
