using ModularDesk.BuildingBlocks.Contracts;

namespace ModularDesk.Fixtures.Plugins.Sdk;

/// <summary>Violation: the SDK exposes a host-side (ModularDesk) type.</summary>
public interface IEventSink
{
    Task PublishAsync(IIntegrationEvent integrationEvent);
}
