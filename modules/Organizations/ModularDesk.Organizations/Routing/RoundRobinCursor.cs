namespace ModularDesk.Organizations.Routing;

/// <summary>
/// How many tickets a team's round-robin has handed out. Advanced with one atomic
/// <c>INSERT … ON CONFLICT DO UPDATE … RETURNING</c>, so every router on every host draws a distinct position.
/// </summary>
internal sealed class RoundRobinCursor
{
    public Guid TeamId { get; set; }

    public long Position { get; set; }
}
