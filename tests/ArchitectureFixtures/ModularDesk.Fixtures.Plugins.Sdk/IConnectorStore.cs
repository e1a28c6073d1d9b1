using Microsoft.EntityFrameworkCore;

namespace ModularDesk.Fixtures.Plugins.Sdk;

/// <summary>Violation: connectors get an EF Core DbContext instead of the SDK's checkpoint store.</summary>
public interface IConnectorStore
{
    DbContext Open();
}
