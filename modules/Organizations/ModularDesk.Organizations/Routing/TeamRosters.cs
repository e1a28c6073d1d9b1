using System.Collections.Concurrent;
using ModularDesk.Agents.Contracts;

namespace ModularDesk.Organizations.Routing;

/// <summary>
/// Each host's copy of a team's active members (ordered by id), kept for a few seconds: round-robin and
/// least-loaded read it for every ticket, and two queries into the Agents module per ticket were most of routing's
/// cost. A membership change or deactivation applies within <see cref="CacheFor"/>.
/// </summary>
internal sealed class TeamRosters(TimeProvider clock)
{
    internal static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(3);

    private readonly ConcurrentDictionary<Guid, CachedRoster> rosters = new();

    /// <summary>The team's name and active members; null when the team no longer exists.</summary>
    public async Task<TeamRoster?> GetAsync(Guid teamId, IAgentDirectory agents, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (rosters.TryGetValue(teamId, out var cached) && cached.Until > now)
        {
            return cached.Roster;
        }

        var team = await agents.FindTeamAsync(teamId, cancellationToken);
        TeamRoster? roster = null;
        if (team is not null)
        {
            var active = (await agents.GetAgentsAsync(team.MemberIds, cancellationToken))
                .Where(a => a.Active).Select(a => a.Id).Order().ToList();
            roster = new TeamRoster(team.Id, team.Name, active);
        }

        rosters[teamId] = new CachedRoster(roster, now + CacheFor);
        return roster;
    }

    private sealed record CachedRoster(TeamRoster? Roster, DateTimeOffset Until);
}

/// <summary>A team's active members in a stable order (the same on every host).</summary>
internal sealed record TeamRoster(Guid Id, string Name, IReadOnlyList<Guid> ActiveMembers);
