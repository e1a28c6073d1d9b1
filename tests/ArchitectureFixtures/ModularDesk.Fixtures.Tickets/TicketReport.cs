using ModularDesk.Fixtures.Clients.Persistence;

namespace ModularDesk.Fixtures.Tickets;

/// <summary>Violation: reads the Clients module's table by raw SQL, through its persistence namespace (not its DbContext).</summary>
internal sealed class TicketReport
{
    public string RequesterQuery() => "SELECT display_name FROM " + ClientsTables.Qualified("cards") + " WHERE id = @id";
}
