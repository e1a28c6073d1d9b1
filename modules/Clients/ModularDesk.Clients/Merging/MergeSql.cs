using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using ModularDesk.Clients.Persistence;
using Npgsql;

namespace ModularDesk.Clients.Merging;

/// <summary>Statements EF cannot express: row locks in a fixed order, and updates that return what they moved.</summary>
internal static class MergeSql
{
    /// <summary>
    /// Locks the cards' rows in id order, so two merges of the same pair (in either direction) queue instead of
    /// deadlocking; the second then finds the merged card gone.
    /// </summary>
    public static Task LockCardsAsync(ClientsDbContext db, Guid first, Guid second, CancellationToken cancellationToken)
    {
        var ids = new[] { first, second };
        return db.Database.ExecuteSqlAsync(
            $"SELECT id FROM clients.clients WHERE id = ANY({ids}) ORDER BY id FOR UPDATE", cancellationToken);
    }

    /// <summary>Moves every row of <paramref name="table"/> from one card to another and returns the ids moved.</summary>
    public static async Task<List<Guid>> MoveAsync(ClientsDbContext db, string table, Guid from, Guid to, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
        await using var command = new NpgsqlCommand(
            $"UPDATE clients.{table} SET client_id = @to WHERE client_id = @from RETURNING id", connection, transaction);
        command.Parameters.AddWithValue("to", to);
        command.Parameters.AddWithValue("from", from);
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }
}
