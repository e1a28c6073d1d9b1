namespace ModularDesk.Channels.Plugins.Supervision;

/// <summary>
/// How long to wait before restarting a failed receive loop: doubling from <see cref="Initial"/> up to
/// <see cref="Max"/>, and back to <see cref="Initial"/> after a run that stayed up for
/// <see cref="HealthyRun"/> (a mailbox that drops the connection once an hour should reconnect at once,
/// a wrong password should not hammer the server).
/// </summary>
internal sealed class RestartBackoff
{
    private TimeSpan next;

    public RestartBackoff(TimeSpan initial, TimeSpan max, TimeSpan healthyRun)
    {
        Initial = initial;
        Max = max;
        HealthyRun = healthyRun;
        next = initial;
    }

    public static RestartBackoff CreateDefault() => new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(2));

    public TimeSpan Initial { get; }

    public TimeSpan Max { get; }

    public TimeSpan HealthyRun { get; }

    /// <summary>The wait before the next attempt, given how long the failed attempt ran.</summary>
    public TimeSpan NextDelay(TimeSpan lastRunDuration)
    {
        if (lastRunDuration >= HealthyRun)
        {
            next = Initial;
        }

        var delay = next;
        next = next * 2 > Max ? Max : next * 2;
        return delay;
    }
}
