using ModularDesk.Fixtures.Clients;

namespace ModularDesk.Fixtures.Host;

/// <summary>Violation: the host renders a module's entity instead of going through the module.</summary>
internal sealed class ClientCardPage
{
    public string Render(ClientCard card) => "<h1>" + card.DisplayName + "</h1>";
}
