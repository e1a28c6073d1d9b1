using Npgsql;

namespace ModularDesk.Clients.Avatars;

/// <summary>
/// The Hangfire job that checked one card's Gravatar before <see cref="AvatarSweep"/> existed. Kept only so jobs
/// enqueued by an older version still run: it queues the check for the sweep and returns.
/// </summary>
internal sealed class AvatarCheck(NpgsqlDataSource dataSource, AvatarSweepSignal signal)
{
    public const string HttpClientName = "clients-avatars";

    public async Task CheckAsync(Guid clientId, string url, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO clients.avatar_checks (client_id, url, due_at) SELECT id, @url, now() FROM clients.clients WHERE id = @client_id ON CONFLICT (client_id) DO NOTHING");
        command.Parameters.AddWithValue("client_id", clientId);
        command.Parameters.AddWithValue("url", url);
        await command.ExecuteNonQueryAsync(cancellationToken);
        signal.Wake();
    }
}
