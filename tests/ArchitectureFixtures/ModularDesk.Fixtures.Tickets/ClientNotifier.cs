using ModularDesk.Fixtures.Tickets;

// Violation: a type declared in the Clients namespace that depends on Tickets, while Tickets depends
// on Clients: the two module slices form a cycle.
namespace ModularDesk.Fixtures.Clients.Notifications;

internal sealed class ClientNotifier(TicketIntake intake)
{
    public TicketIntake Intake { get; } = intake;
}
