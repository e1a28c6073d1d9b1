namespace ModularDesk.Fixtures.Clients.Persistence;

/// <summary>Violation: the module's table layout, public, so another module can build SQL against it.</summary>
public static class ClientsTables
{
    public static string Qualified(string table) => "clients." + table;
}
