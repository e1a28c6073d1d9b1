using Microsoft.EntityFrameworkCore;
using ModularDesk.Clients.Persistence;

namespace ModularDesk.Clients.Duplicates;

internal static class DuplicateSuggestions
{
    /// <summary>A merged-away card's suggestions go with it (C15: merging removes its suggestions).</summary>
    public static Task ForgetAsync(ClientsDbContext db, Guid clientId, CancellationToken cancellationToken) =>
        db.Set<DuplicateSuggestion>().Where(s => s.ClientA == clientId || s.ClientB == clientId).ExecuteDeleteAsync(cancellationToken);

    public static (Guid A, Guid B) Ordered(Guid first, Guid second) => first.CompareTo(second) < 0 ? (first, second) : (second, first);
}
