using ModularDesk.Clients.Contracts.Directory;

namespace ModularDesk.Clients.CardChanges;

/// <summary>Whether a card exists (not deleted or merged away), for the features hanging off a card (files, records).</summary>
internal sealed class ExistingCards(IClientDirectory directory)
{
    public async Task<bool> ExistsAsync(Guid clientId, CancellationToken cancellationToken) =>
        await directory.FindAsync(clientId, cancellationToken) is not null;
}
