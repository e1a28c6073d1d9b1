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

        var now = clock.GetUtcNow();
        var result = new List<ContactReachabilityInfo>();
        foreach (var recipient in recipients)
        {
            if (string.IsNullOrWhiteSpace(recipient.Value))
            {
                continue;
            }

            var key = ContactKey.From(recipient.Kind, recipient.Value, recipient.Messenger);
            foreach (var channel in channels.Where(c => ChannelRules.CanReach(c.PluginId, recipient)))
            {
                var state = await contactStates.GetAsync(channel.Id, key, clientId, channel.PluginId, cancellationToken);
                var rules = SendingRules.Evaluate(
                    channel.PluginId, channel.Capabilities.Contains(PluginCapabilities.Templates), state, now);
                result.Add(new ContactReachabilityInfo(
                    recipient, channel.Id, channel.PluginId, rules.CanSendText, rules.CanSendTemplate, rules.WindowClosesAt, rules.Reason));
            }
        }

        return result;
    }
}
