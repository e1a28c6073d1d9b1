using ModularDesk.Testing;

namespace ModularDesk.Agents.Tests.Setup;

/// <summary>A first start without <c>MODULARDESK_ADMIN_PASSWORD</c>.</summary>
public sealed class GeneratedPasswordHostFixture : HostFixture
{
    public GeneratedPasswordHostFixture() => Set("MODULARDESK_ADMIN_PASSWORD", null);
}
