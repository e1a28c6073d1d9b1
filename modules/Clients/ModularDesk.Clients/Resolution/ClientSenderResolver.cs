using System.Data;
using System.Text.Json;
using Hangfire;
using ModularDesk.BuildingBlocks.Contracts;
using ModularDesk.BuildingBlocks.Outbox;
using ModularDesk.Clients.Avatars;
using ModularDesk.Clients.Cards;
using ModularDesk.Clients.Contracts.Events;
using ModularDesk.Clients.Contracts.Ports;
using ModularDesk.Clients.Contracts.Resolution;
using ModularDesk.Clients.Identities;
using ModularDesk.Clients.Language;
using ModularDesk.Clients.SenderLists;
using Npgsql;
using NpgsqlTypes;

namespace ModularDesk.Clients.Resolution;

/// <summary>
/// The ingestion path's one call into Clients (C3, C5, C11, C12). A known sender costs one statement: the identity,
/// its card and the block/allow lists in one round trip (plus one more only when the card learns its language or a
/// channel-sourced name/avatar changed). A new sender is one <c>INSERT … ON CONFLICT DO NOTHING</c> statement that
/// writes identity, card, contact and outbox events together only when the identity was free; a sender created at
/// the same moment by another message makes the insert a no-op, and the owner is read instead. Raw SQL, no change
/// tracking: this runs for every inbound message.
/// </summary>
internal sealed class ClientSenderResolver(
    NpgsqlDataSource dataSource,
    ContactNormalizer normalizer,
    ClientLanguageDetector languages,
    Gravatar gravatar,
    IEnumerable<IOrganizationLookup> organizations,
    IBackgroundJobClient jobs,
    TimeProvider clock) : IClientSenderResolver
{
    internal const string LookupSql = """
        SELECT c.id, c.name, c.organization_id, c.is_vip, c.is_spammer, c.language, c.avatar_url,
               c.provenance #>> '{name,source}', c.provenance #>> '{avatarUrl,source}',
               EXISTS (SELECT 1 FROM clients.sender_rules r WHERE r.list = 'block' AND r.value = ANY(@values)),
               EXISTS (SELECT 1 FROM clients.sender_rules r WHERE r.list = 'allow' AND r.value = ANY(@values))
        FROM (SELECT 1) AS one
        LEFT JOIN (clients.identities i JOIN clients.clients c ON c.id = i.client_id)
          ON i.kind = @kind AND i.scope = @scope AND i.key = @key
        """;

    private const string CreateSql = """
        WITH identity AS (
            INSERT INTO clients.identities (id, client_id, contact_id, kind, scope, key)
            VALUES (@identity_id, @client_id, @contact_id, @kind, @scope, @key)
            ON CONFLICT (kind, scope, key) DO NOTHING
            RETURNING client_id),
        card AS (
            INSERT INTO clients.clients (id, name, avatar_url, language, organization_id, is_spammer, is_vip, hidden,
                                         addresses, custom_fields, provenance, created_at, updated_at)
            SELECT @client_id, @name, @avatar_url, @language, @organization_id, false, false, false,
                   '[]'::jsonb, '{}'::jsonb, @provenance::jsonb, @at, @at
            FROM identity
            RETURNING id),
        contact AS (
            INSERT INTO clients.contacts (id, client_id, kind, value, display, label, source, source_channel_id, created_at, updated_at)
            SELECT @contact_id, @client_id, @kind_contact, @value, @display, @label, 'channel', @channel_id, @at, @at
            FROM identity
            RETURNING id),
        outbox AS (
            INSERT INTO clients.outbox_messages (id, event_type, payload, occurred_at, next_attempt_at, attempts)
            SELECT e.id, e.event_type, e.payload::jsonb, @at, @at, 0
            FROM unnest(@event_ids, @event_types, @payloads) AS e(id, event_type, payload), identity
            RETURNING id)
        SELECT (SELECT count(*) FROM identity), (SELECT count(*) FROM card), (SELECT count(*) FROM contact), (SELECT count(*) FROM outbox)
        """;

    private const string UpdateSql = """
        WITH changed AS (
            UPDATE clients.clients SET
                language = CASE WHEN @language::text IS NOT NULL AND language IS NULL THEN @language ELSE language END,
                name = CASE WHEN @name::text IS NOT NULL AND coalesce(provenance #>> '{name,source}', 'channel') = 'channel' THEN @name ELSE name END,
                avatar_url = CASE WHEN @avatar_url::text IS NOT NULL AND coalesce(provenance #>> '{avatarUrl,source}', 'channel') IN ('channel', 'system') THEN @avatar_url ELSE avatar_url END,
                provenance = provenance || @provenance::jsonb,
                updated_at = @at
            WHERE id = @client_id
              AND ((@language::text IS NOT NULL AND language IS NULL)
                OR (@name::text IS NOT NULL AND coalesce(provenance #>> '{name,source}', 'channel') = 'channel')
                OR (@avatar_url::text IS NOT NULL AND coalesce(provenance #>> '{avatarUrl,source}', 'channel') IN ('channel', 'system')))
            RETURNING id, language, name)
        INSERT INTO clients.outbox_messages (id, event_type, payload, occurred_at, next_attempt_at, attempts)
        SELECT e.id, e.event_type, e.payload::jsonb, @at, @at, 0
        FROM unnest(@event_ids, @event_types, @payloads) AS e(id, event_type, payload), changed
        """;

    public async Task<ResolvedSender> ResolveAsync(InboundSender sender, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sender);
        var contact = SenderIdentity.Read(sender, normalizer);
        var identity = contact.Identity!;
        var candidates = SenderValues.CandidatesFor(identity);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var known = await LookupAsync(connection, identity, candidates, cancellationToken);
        if (known.Card is { } card)
        {
            return await RefreshAsync(connection, sender, card, known, cancellationToken);
        }

        var created = await TryCreateAsync(connection, sender, contact, cancellationToken);
        if (created is not null)
        {
            return created with { IsBlocked = known.Blocked && !known.Allowed, IsVip = known.Allowed };
        }

        // Another message of the same new sender won the insert: its card is committed now.
        var winner = await LookupAsync(connection, identity, candidates, cancellationToken);
        var existing = winner.Card ?? throw new InvalidOperationException($"The identity {identity.Kind}:{identity.Key} was taken but has no card.");
        return Result(existing, winner, created: false, existing.Language);
    }

    private static ResolvedSender Result(KnownCard card, Lookup lookup, bool created, string? language) => new(
        card.Id,
        created,
        card.Name,
        card.OrganizationId,
        IsVip: card.IsVip || lookup.Allowed,
        IsBlocked: (card.IsSpammer || lookup.Blocked) && !lookup.Allowed,
        Language: language);

    private static async Task<Lookup> LookupAsync(
        NpgsqlConnection connection, IdentityKey identity, string[] candidates, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(LookupSql, connection);
        command.Parameters.AddWithValue("kind", identity.Kind);
        command.Parameters.AddWithValue("scope", identity.Scope);
        command.Parameters.AddWithValue("key", identity.Key);
        command.Parameters.AddWithValue("values", candidates);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken);
        await reader.ReadAsync(cancellationToken);
        KnownCard? card = reader.IsDBNull(0)
            ? null
            : new KnownCard(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetGuid(2),
                reader.GetBoolean(3),
                reader.GetBoolean(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8));
        return new Lookup(card, reader.GetBoolean(9), reader.GetBoolean(10));
    }

    /// <summary>
    /// A known sender: fills the language when the card has none (C5, never overwriting), and refreshes name and
    /// avatar only where they came from a channel (C22: an agent's edit always wins).
    /// </summary>
    private async Task<ResolvedSender> RefreshAsync(
        NpgsqlConnection connection, InboundSender sender, KnownCard card, Lookup lookup, CancellationToken cancellationToken)
    {
        var language = card.Language is null ? languages.Detect(sender.MessageText, sender.LanguageHint) : null;
        var displayName = Trimmed(sender.DisplayName, ClientCard.MaxNameLength);
        var name = displayName is not null && displayName != card.Name && (card.NameSource ?? Sources.Channel) == Sources.Channel ? displayName : null;
        var avatar = Trimmed(sender.AvatarUrl, ClientCard.MaxUrlLength) is { } url && IsHttpUrl(url) && url != card.AvatarUrl
                     && (card.AvatarSource ?? Sources.Channel) is Sources.Channel or Sources.System ? url : null;
        if (language is null && name is null && avatar is null)
        {
            return Result(card, lookup, created: false, card.Language);
        }

        var at = clock.GetUtcNow();
        var source = new FieldSource(Sources.Channel, at);
        var provenance = new Dictionary<string, FieldSource>();
        var before = new Dictionary<string, string?>();
        var after = new Dictionary<string, string?>();
        if (language is not null)
        {
            provenance["language"] = source;
            before["language"] = null;
            after["language"] = language;
        }

        if (name is not null)
        {
            provenance["name"] = source;
            before["name"] = card.Name;
            after["name"] = name;
        }

        if (avatar is not null)
        {
            provenance["avatarUrl"] = source;
            before["avatarUrl"] = card.AvatarUrl;
            after["avatarUrl"] = avatar;
        }

        var actor = ChannelActor(sender);
        List<IIntegrationEvent> events =
        [
            new ClientCardChanged(card.Id, "fieldChanged", actor, "Changed " + string.Join(", ", after.Keys) + " from the channel",
                JsonSerializer.Serialize(before, CardJson.Options), JsonSerializer.Serialize(after, CardJson.Options)),
        ];
        if (name is not null)
        {
            events.Add(new ClientRenamed(card.Id, name));
        }

        await using var command = new NpgsqlCommand(UpdateSql, connection);
        command.Parameters.AddWithValue("client_id", card.Id);
        command.Parameters.AddWithValue("language", NpgsqlDbType.Text, (object?)language ?? DBNull.Value);
        command.Parameters.AddWithValue("name", NpgsqlDbType.Text, (object?)name ?? DBNull.Value);
        command.Parameters.AddWithValue("avatar_url", NpgsqlDbType.Text, (object?)avatar ?? DBNull.Value);
        command.Parameters.AddWithValue("provenance", JsonSerializer.Serialize(provenance, CardJson.Options));
        command.Parameters.AddWithValue("at", at);
        AddEvents(command, events);
        await command.ExecuteNonQueryAsync(cancellationToken);

        var refreshed = card with { Name = name ?? card.Name, Language = card.Language ?? language };
        return Result(refreshed, lookup, created: false, refreshed.Language);
    }

    private async Task<ResolvedSender?> TryCreateAsync(
        NpgsqlConnection connection, InboundSender sender, NormalizedContact contact, CancellationToken cancellationToken)
    {
        var at = clock.GetUtcNow();
        var clientId = Guid.CreateVersion7();
        var contactId = Guid.CreateVersion7();
        var name = Trimmed(sender.DisplayName, ClientCard.MaxNameLength) ?? Trimmed(contact.Display, ClientCard.MaxNameLength) ?? contact.Value;
        var language = languages.Detect(sender.MessageText, sender.LanguageHint);
        var provenance = new Dictionary<string, FieldSource> { ["name"] = new(Sources.Channel, at) };
        if (language is not null)
        {
            provenance["language"] = new FieldSource(Sources.Channel, at);
        }

        string? avatar = Trimmed(sender.AvatarUrl, ClientCard.MaxUrlLength) is { } url && IsHttpUrl(url) ? url : null;
        string? gravatarUrl = null;
        if (avatar is not null)
        {
            provenance["avatarUrl"] = new FieldSource(Sources.Channel, at);
        }
        else if (contact.Kind == ContactKinds.Email)
        {
            avatar = gravatarUrl = gravatar.UrlFor(contact.Value);
            provenance["avatarUrl"] = new FieldSource(Sources.System, at);
        }

        Guid? organizationId = null;
        if (contact.Kind == ContactKinds.Email && organizations.FirstOrDefault() is { } lookup)
        {
            organizationId = await lookup.ResolveForEmailAsync(contact.Value, cancellationToken);
            if (organizationId is not null)
            {
                provenance["organizationId"] = new FieldSource(Sources.System, at);
            }
        }

        var actor = ChannelActor(sender);
        var card = new ClientCard
        {
            Id = clientId,
            Name = name,
            AvatarUrl = avatar,
            Language = language,
            OrganizationId = organizationId,
            CreatedAt = at,
            UpdatedAt = at,
            Provenance = JsonSerializer.Serialize(provenance, CardJson.Options),
            Contacts =
            [
                new CardContact
                {
                    Id = contactId, ClientId = clientId, Kind = contact.Kind, Value = contact.Value, Display = contact.Display,
                    Label = contact.Label, Source = Sources.Channel, SourceChannelId = sender.ChannelId, CreatedAt = at, UpdatedAt = at,
                },
            ],
        };
        List<IIntegrationEvent> events =
        [
            new ClientCreated(clientId, name, organizationId, actor),
            new ClientCardChanged(clientId, "created", actor, $"Created {name} from {sender.ChannelType}", null,
                JsonSerializer.Serialize(ClientCardView.From(card), CardJson.Options)),
        ];
        if (organizationId is not null)
        {
            events.Add(new ClientOrganizationChanged(clientId, null, organizationId, actor));
        }

        var identity = contact.Identity!;
        await using var command = new NpgsqlCommand(CreateSql, connection);
        command.Parameters.AddWithValue("identity_id", Guid.CreateVersion7());
        command.Parameters.AddWithValue("client_id", clientId);
        command.Parameters.AddWithValue("contact_id", contactId);
        command.Parameters.AddWithValue("kind", identity.Kind);
        command.Parameters.AddWithValue("scope", identity.Scope);
        command.Parameters.AddWithValue("key", identity.Key);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("avatar_url", NpgsqlDbType.Varchar, (object?)avatar ?? DBNull.Value);
        command.Parameters.AddWithValue("language", NpgsqlDbType.Varchar, (object?)language ?? DBNull.Value);
        command.Parameters.AddWithValue("organization_id", NpgsqlDbType.Uuid, (object?)organizationId ?? DBNull.Value);
        command.Parameters.AddWithValue("provenance", card.Provenance);
        command.Parameters.AddWithValue("at", at);
        command.Parameters.AddWithValue("kind_contact", contact.Kind);
        command.Parameters.AddWithValue("value", contact.Value);
        command.Parameters.AddWithValue("display", contact.Display);
        command.Parameters.AddWithValue("label", NpgsqlDbType.Varchar, (object?)contact.Label ?? DBNull.Value);
        command.Parameters.AddWithValue("channel_id", sender.ChannelId);
        AddEvents(command, events);
        await using (var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            if (reader.GetInt64(0) == 0)
            {
                return null;
            }
        }

        if (gravatarUrl is not null)
        {
            jobs.Enqueue<AvatarCheck>(job => job.CheckAsync(clientId, gravatarUrl, CancellationToken.None));
        }

        return new ResolvedSender(clientId, true, name, organizationId, false, false, language);
    }

    private static void AddEvents(NpgsqlCommand command, IReadOnlyList<IIntegrationEvent> events)
    {
        var messages = events.Select(OutboxMessage.From).ToList();
        command.Parameters.AddWithValue("event_ids", messages.Select(m => m.Id).ToArray());
        command.Parameters.AddWithValue("event_types", messages.Select(m => m.EventType).ToArray());
        command.Parameters.AddWithValue("payloads", messages.Select(m => m.Payload).ToArray());
    }

    private static ChangeActor ChannelActor(InboundSender sender) => new("channel", sender.ChannelId, sender.ChannelType);

    private static string? Trimmed(string? value, int maxLength)
    {
        var text = value?.Trim();
        return string.IsNullOrEmpty(text) ? null : text.Length > maxLength ? text[..maxLength] : text;
    }

    private static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    private sealed record KnownCard(
        Guid Id, string Name, Guid? OrganizationId, bool IsVip, bool IsSpammer, string? Language, string? AvatarUrl,
        string? NameSource, string? AvatarSource);

    private sealed record Lookup(KnownCard? Card, bool Blocked, bool Allowed);
}
