using Microsoft.AspNetCore.Http;

namespace ModularDesk.Fixtures.Tickets.Contracts;

/// <summary>Violation: a facade that hands out ASP.NET Core types, so every caller depends on the web stack.</summary>
public interface ITicketLinks
{
    PathString LinkTo(Guid ticketId);
}
