using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ModularDesk.Channels.Contracts;
using ModularDesk.Channels.Contracts.Outbound;
using ModularDesk.Channels.Persistence;
using ModularDesk.Channels.Plugins;
using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Channels.Outbound;

/// <summary>
/// <see cref="IOutboundQueue"/>: checks the channel and its rules, then stores the message and its
/// <see cref="OutboundQueued"/> event in one transaction and wakes the sender. Refusals store nothing.
/// The built-in <c>api</c> channel has no connector: its messages are recorded as sent at once (an integration
/// reads them from the outbound history), so replies on API tickets are kept rather than refused.
/// </summary>
internal sealed class OutboundQueue(
    ChannelsDbContext db, PluginCatalog catalog, ContactStates contactStates, OutboundSignal signal, TimeProvider clock)
    : IOutboundQueue
{
    public const int ExcerptLength = 200;

    public async Task<OutboundEnqueueResult> EnqueueAsync(OutboundRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Recipient);
        if (ContactKey.SdkKind(request.Recipient.Kind) is null || string.IsNullOrWhiteSpace(request.Recipient.Value))
        {
            throw new ArgumentException("The recipient needs a kind (email, phone, messenger, externalId) and a value.", nameof(request));
        }

        if (string.IsNullOrWhiteSpace(request.Text) && request.Template is null)
        {
            throw new ArgumentException("A message needs text or a template.", nameof(request));
        }

        var channel = await db.ChannelInstances.AsNoTracking()
            .Where(c => c.Id == request.ChannelId)
            .Select(c => new { c.Id, c.PluginId, c.Enabled })
            .SingleOrDefaultAsync(cancellationToken);
        if (channel is null)
        {
            return OutboundEnqueueResult.Refused("channel-not-found", "No channel has this id.");
        }

        if (!channel.Enabled)
        {
            return OutboundEnqueueResult.Refused("channel-cannot-send", "The channel is disabled.");
        }

        var builtIn = channel.PluginId == BuiltInChannels.ApiPluginId;
        var plugin = catalog.Find(channel.PluginId);
        var capabilities = plugin?.Status == PluginStatus.Loaded ? plugin.Capabilities : [];
        if (!builtIn && !capabilities.Contains(PluginCapabilities.Outbound))
        {
            return OutboundEnqueueResult.Refused(
                "channel-cannot-send",
                plugin?.Status == PluginStatus.Loaded
                    ? $"Channels of type '{channel.PluginId}' cannot send messages."
                    : $"The plugin '{channel.PluginId}' of this channel is not loaded.");
        }

        var supportsTemplates = capabilities.Contains(PluginCapabilities.Templates);
        if (request.Template is not null && !supportsTemplates && !builtIn)
        {
            return OutboundEnqueueResult.Refused("channel-cannot-send", $"Channels of type '{channel.PluginId}' cannot send templates.");
        }

        var now = clock.GetUtcNow();
        var key = ContactKey.From(request.Recipient.Kind, request.Recipient.Value, request.Recipient.Messenger);
        var state = await contactStates.GetAsync(channel.Id, key, request.ClientId, channel.PluginId, cancellationToken);
        var rules = SendingRules.Evaluate(channel.PluginId, supportsTemplates, state, now);
        if (Refusal(channel.PluginId, request, state, rules) is { } refusal)
        {
            return refusal;
        }

        var record = new OutboundRecord
        {
            Id = Guid.CreateVersion7(),
            ChannelId = channel.Id,
            ChannelType = channel.PluginId,
            ClientId = request.ClientId,
            TicketId = request.TicketId,
            TicketMessageId = request.TicketMessageId,
            RecipientKind = request.Recipient.Kind,
            RecipientValue = request.Recipient.Value.Trim(),
            RecipientMessenger = request.Recipient.Messenger?.Trim().ToLowerInvariant(),
            RecipientKey = key,
            Payload = JsonSerializer.Serialize(request, OutboundPayloadJson.Options),
            Status = builtIn ? OutboundStatuses.Sent : OutboundStatuses.Queued,
            NextAttemptAt = now,
            CreatedAt = now,
            SentAt = builtIn ? now : null,
            StatusChangedAt = now,
        };
        db.OutboundMessages.Add(record);
        db.Publish(new OutboundQueued(
            record.Id, record.ChannelId, record.ChannelType, record.ClientId, record.TicketId, record.TicketMessageId,
            record.RecipientValue, Excerpt(request), request.SenderDisplayName, now));
        if (builtIn)
        {
            db.Publish(new OutboundStatusChanged(
                record.Id, record.ChannelId, record.ClientId, record.TicketId, record.TicketMessageId, OutboundStatuses.Sent, null, now));
        }

        await db.SaveChangesAsync(cancellationToken);
        if (!builtIn)
        {
            signal.Wake();
        }

        return OutboundEnqueueResult.Queued(record.Id);
    }

    private static OutboundEnqueueResult? Refusal(string pluginId, OutboundRequest request, ContactState state, SendingRules rules)
    {
        if (state.OptedOut)
        {
            return OutboundEnqueueResult.Refused("opted-out", $"The client opted out of messages on {pluginId}.");
        }

        if (state.IsUnreachable)
        {
            return OutboundEnqueueResult.Refused(
                "contact-unreachable", $"{request.Recipient.Value} cannot be reached on this channel: {state.UnreachableReason}");
        }

        if (request.Template is null && !rules.CanSendText)
        {
            return OutboundEnqueueResult.Refused(
                "channel-window-closed",
                ChannelRules.TemplatesOutsideWindow(pluginId)
                    ? "More than 24 hours have passed since the client's last message on this channel; only an approved template can be sent."
                    : "More than 24 hours have passed since the client's last message on this channel; it accepts no messages until the client writes again.");
        }

        if (request.Template is not null && !rules.CanSendTemplate)
        {
            return OutboundEnqueueResult.Refused(
                "channel-window-closed",
                "More than 24 hours have passed since the client's last message on this channel; it accepts no messages until the client writes again.");
        }

        return null;
    }

    private static string Excerpt(OutboundRequest request)
    {
        var text = string.IsNullOrWhiteSpace(request.Text) && request.Template is { } template
            ? $"[template {template.Name}] {string.Join(", ", template.Parameters)}"
            : request.Text.Trim();
        return text.Length <= ExcerptLength ? text : text[..ExcerptLength];
    }
}
