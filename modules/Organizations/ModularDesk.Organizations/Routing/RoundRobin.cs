using ModularDesk.Organizations.Persistence;
using Npgsql;

namespace ModularDesk.Organizations.Routing;

/// <summary>
/// Per-team turn counters in PostgreSQL: each call takes the next position with one atomic upsert, so concurrent
/// routers on any number of hosts never draw the same turn, and N turns over M agents give each N/M.
/// </summary>
internal sealed class RoundRobin(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Takes <paramref name="count"/> consecutive turns of the team at once and returns the first of them; the upsert
    /// is atomic, so turns taken together by one host and one at a time by another never overlap. On a caller's
    /// <paramref name="transaction"/> the turns are taken for good only if it commits (the row stays locked until then).
    /// </summary>
    public async Task<long> TakeAsync(Guid teamId, int count, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = transaction is null ? dataSource.CreateCommand() : new NpgsqlCommand { Connection = transaction.Connection, Transaction = transaction };
        command.CommandText =
            $"""
             INSERT INTO {OrganizationsDbContext.SchemaName}.round_robin_cursors AS c (team_id, position) VALUES ($1, $2)
             ON CONFLICT (team_id) DO UPDATE SET position = c.position + $2
             RETURNING position
             """;
        command.Parameters.AddWithValue(teamId);
        command.Parameters.AddWithValue((long)count);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! - count + 1;
    }

    /// <summary>The agent whose turn <paramref name="position"/> is among <paramref name="agentIds"/> (in a stable order).</summary>
    public static Guid Pick(IReadOnlyList<Guid> agentIds, long position) => agentIds[(int)((position - 1) % agentIds.Count)];
}
