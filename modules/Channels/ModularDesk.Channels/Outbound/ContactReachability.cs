using Microsoft.EntityFrameworkCore;
using ModularDesk.Channels.Contracts;
using ModularDesk.Channels.Contracts.Outbound;
using ModularDesk.Channels.Persistence;
using ModularDesk.Channels.Plugins;
using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Channels.Outbound;

/// <summary>
/// <see cref="IContactReachability"/>: for each address, every enabled channel whose loaded plugin can send to that
/// kind of address (<see cref="ChannelRules.CanReach"/>), judged by the same <see cref="SendingRules"/> the queue
/// refuses by.
/// </summary>
internal sealed class ContactReachability(
    ChannelsDbContext db, PluginCatalog catalog, ContactStates contactStates, TimeProvider clock) : IContactReachability
{
    public async Task<IReadOnlyList<ContactReachabilityInfo>> CheckAsync(
        Guid? clientId, IReadOnlyList<OutboundRecipient> recipients, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        var channels = (await db.ChannelInstances.AsNoTracking()
                .Where(c => c.Enabled && c.PluginId != BuiltInChannels.ApiPluginId)
                .OrderBy(c => c.CreatedAt)
                .Select(c => new { c.Id, c.PluginId })
                .ToListAsync(cancellationToken))
            .Select(c => (c.Id, c.PluginId, Capabilities: catalog.Find(c.PluginId) is { Status: PluginStatus.Loaded } p ? p.Capabilities : []))
            .Where(c => c.Capabilities.Contains(PluginCapabilities.Outbound))
            .ToList();

        var pairs = new List<(OutboundRecipient Recipient, (Guid Id, string PluginId, IReadOnlyList<string> Capabilities) Channel, string Key)>();
        foreach (var recipient in recipients.Where(r => !string.IsNullOrWhiteSpace(r.Value)))
        {
            var key = ContactKey.From(recipient.Kind, recipient.Value, recipient.Messenger);
            pairs.AddRange(channels.Where(c => ChannelRules.CanReach(c.PluginId, recipient)).Select(c => (recipient, c, key)));
        }

        var states = await contactStates.GetManyAsync(
            pairs.Select(p => new ContactStateQuery(p.Channel.Id, p.Key, p.Channel.PluginId)).ToList(), clientId, cancellationToken);
        var now = clock.GetUtcNow();
        var result = new List<ContactReachabilityInfo>(pairs.Count);
        for (var i = 0; i < pairs.Count; i++)
        {
            var (recipient, channel, _) = pairs[i];
            var rules = SendingRules.Evaluate(channel.PluginId, channel.Capabilities.Contains(PluginCapabilities.Templates), states[i], now);
            result.Add(new ContactReachabilityInfo(
                recipient, channel.Id, channel.PluginId, rules.CanSendText, rules.CanSendTemplate, rules.WindowClosesAt, rules.Reason));
        }

        return result;
    }
}
