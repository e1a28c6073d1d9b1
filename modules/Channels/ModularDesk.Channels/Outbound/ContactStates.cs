using Npgsql;
using NpgsqlTypes;

namespace ModularDesk.Channels.Outbound;

/// <summary>
/// Reads <see cref="ContactState"/>s in one round trip however many (channel, address) pairs are asked about
/// (primary-key lookups joined to an <c>unnest</c> of the pairs), so the ticket page's reachability stays one query.
/// </summary>
internal sealed class ContactStates(NpgsqlDataSource dataSource)
{
    private const string Sql = """
        SELECT q.ord, l.last_inbound_at, u.reason, u.marked_at, coalesce(c.opted_out, false)
        FROM unnest(@channel_ids, @keys, @types) WITH ORDINALITY AS q(channel_id, address_key, channel_type, ord)
        LEFT JOIN channels.contact_last_inbound l ON l.channel_id = q.channel_id AND l.address_key = q.address_key
        LEFT JOIN channels.unreachable_contacts u ON u.channel_id = q.channel_id AND u.address_key = q.address_key
        LEFT JOIN channels.client_consents c ON c.client_id = @client_id AND c.channel_type = q.channel_type
        """;

    public async Task<ContactState> GetAsync(
        Guid channelId, string addressKey, Guid? clientId, string channelType, CancellationToken cancellationToken) =>
        (await GetManyAsync([new ContactStateQuery(channelId, addressKey, channelType)], clientId, cancellationToken))[0];

    /// <summary>The states in the order asked.</summary>
    public async Task<IReadOnlyList<ContactState>> GetManyAsync(
        IReadOnlyList<ContactStateQuery> queries, Guid? clientId, CancellationToken cancellationToken)
    {
        var result = new ContactState[queries.Count];
        if (queries.Count == 0)
        {
            return result;
        }

        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.AddWithValue("channel_ids", queries.Select(q => q.ChannelId).ToArray());
        command.Parameters.AddWithValue("keys", queries.Select(q => q.AddressKey).ToArray());
        command.Parameters.AddWithValue("types", queries.Select(q => q.ChannelType).ToArray());
        command.Parameters.Add(new NpgsqlParameter<Guid?>("client_id", NpgsqlDbType.Uuid) { TypedValue = clientId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[reader.GetInt64(0) - 1] = new ContactState(
                reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetBoolean(4));
        }

        return result;
    }
}

/// <summary>One (channel, address) pair to read; the channel type names the consent to check.</summary>
internal sealed record ContactStateQuery(Guid ChannelId, string AddressKey, string ChannelType);
