using Microsoft.EntityFrameworkCore;
using ModularDesk.Fixtures.Clients;

namespace ModularDesk.Fixtures.Tickets;

/// <summary>Violation: uses the Clients module's entity and DbContext directly.</summary>
internal sealed class TicketIntake(ClientsDbContext clients)
{
    public Task<ClientCard?> FindRequesterAsync(Guid clientId) =>
        clients.Cards.FirstOrDefaultAsync(c => c.Id == clientId);
}
