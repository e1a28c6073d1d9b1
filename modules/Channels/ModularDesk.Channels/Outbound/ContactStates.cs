using Npgsql;
using NpgsqlTypes;

namespace ModularDesk.Channels.Outbound;

/// <summary>Reads a <see cref="ContactState"/> in one round trip (three primary-key lookups).</summary>
internal sealed class ContactStates(NpgsqlDataSource dataSource)
{
    private const string Sql = """
        SELECT
            (SELECT l.last_inbound_at FROM channels.contact_last_inbound l WHERE l.channel_id = @channel_id AND l.address_key = @key),
            u.reason, u.marked_at,
            coalesce((SELECT c.opted_out FROM channels.client_consents c
                      WHERE c.client_id = @client_id AND c.channel_type = @channel_type), false)
        FROM (SELECT 1) one
        LEFT JOIN channels.unreachable_contacts u ON u.channel_id = @channel_id AND u.address_key = @key
        """;

    public async Task<ContactState> GetAsync(
        Guid channelId, string addressKey, Guid? clientId, string channelType, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.AddWithValue("channel_id", channelId);
        command.Parameters.AddWithValue("key", addressKey);
        command.Parameters.Add(new NpgsqlParameter<Guid?>("client_id", NpgsqlDbType.Uuid) { TypedValue = clientId });
        command.Parameters.AddWithValue("channel_type", channelType);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new ContactState(
            reader.IsDBNull(0) ? null : reader.GetFieldValue<DateTimeOffset>(0),
            reader.IsDBNull(1) ? null : reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
            reader.GetBoolean(3));
    }
}
