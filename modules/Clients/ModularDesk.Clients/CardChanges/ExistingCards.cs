using Microsoft.EntityFrameworkCore;
using ModularDesk.Clients.Persistence;

namespace ModularDesk.Clients.CardChanges;

/// <summary>Whether a card exists (not deleted or merged away), for the features hanging off a card (files, records).</summary>
internal sealed class ExistingCards(ClientsDbContext db)
{
    public Task<bool> ExistsAsync(Guid clientId, CancellationToken cancellationToken) =>
        db.Cards.AnyAsync(c => c.Id == clientId, cancellationToken);
}
