using Microsoft.EntityFrameworkCore;

namespace ModularDesk.Fixtures.Tickets.Contracts;

/// <summary>Violation: a facade whose callers must hand over an EF Core DbContext.</summary>
public interface ITicketLookup
{
    Task<bool> ExistsAsync(DbContext context, Guid ticketId);
}
