using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.Clients.Cards;
using ModularDesk.Clients.Persistence;
using Npgsql;

namespace ModularDesk.Clients.Identities;

/// <summary>
/// Turns the identities' unique-index violation into the API's 409 <c>identity-conflict</c> naming the owner (C4).
/// The index decides (also between concurrent requests); the owner is read after the failed insert.
/// </summary>
internal static class IdentityConflict
{
    public const string Slug = "identity-conflict";

    public static bool IsViolation(Exception e) =>
        e is DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg }
        && pg.ConstraintName == IdentityConfiguration.UniqueIndexName
        || e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: IdentityConfiguration.UniqueIndexName };

    /// <summary>The 409 for the first of <paramref name="contacts"/> whose identity another card (or this one) owns.</summary>
    public static async Task<IResult> ProblemAsync(
        ClientsDbContext db, Guid clientId, IReadOnlyList<CardContact> contacts, CancellationToken cancellationToken)
    {
        foreach (var contact in contacts)
        {
            if (contact.Identity is not { } identity)
            {
                continue;
            }

            var owner = await db.Identities.AsNoTracking()
                .Where(i => i.Kind == identity.Kind && i.Scope == identity.Scope && i.Key == identity.Key && i.ContactId != contact.Id)
                .Select(i => (Guid?)i.ClientId)
                .FirstOrDefaultAsync(cancellationToken);
            if (owner is { } ownerId)
            {
                return Problem(ownerId, contact.Kind, contact.Display, ownerId == clientId);
            }
        }

        return Problems.Conflict(Slug, "An identity belongs to another client", "One of the contacts belongs to another client.");
    }

    public static IResult Problem(Guid ownerId, string kind, string display, bool sameCard = false) =>
        Problems.Conflict(
            Slug,
            "An identity belongs to another client",
            sameCard ? $"This card already has the {kind} {display}." : $"The {kind} {display} belongs to client {ownerId}.",
            new Dictionary<string, object?> { ["conflictingClientId"] = ownerId, ["kind"] = kind, ["value"] = display });
}
