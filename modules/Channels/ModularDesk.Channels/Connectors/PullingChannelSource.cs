using System.Globalization;
using Autofac;
using Microsoft.EntityFrameworkCore;
using ModularDesk.Channels.Contracts;
using ModularDesk.Channels.Persistence;
using ModularDesk.Channels.Plugins.Supervision;

namespace ModularDesk.Channels.Connectors;

/// <summary>Enabled channels with a plugin connector, for the receive-loop supervisor; the row version is the revision.</summary>
internal sealed class PullingChannelSource(ILifetimeScope scope) : IPullingChannelSource
{
    public async Task<IReadOnlyList<SupervisedChannel>> ListActiveAsync(CancellationToken cancellationToken)
    {
        await using var call = scope.BeginLifetimeScope();
        var rows = await call.Resolve<ChannelsDbContext>().ChannelInstances.AsNoTracking()
            .Where(c => c.Enabled && c.PluginId != BuiltInChannels.ApiPluginId)
            .Select(c => new { c.Id, c.PluginId, c.Version })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new SupervisedChannel(r.Id, r.PluginId, r.Version.ToString(CultureInfo.InvariantCulture))).ToList();
    }
}
