using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using ModularDesk.Agents.Persistence;

namespace ModularDesk.Agents.SignIn;

/// <summary>
/// Brute-force limit kept in PostgreSQL, so every host of a desk sees the same count: too many failures for one
/// account, or from one address, within the window refuse further sign-ins (even correct ones) until they age out.
/// </summary>
internal sealed class LoginThrottle(AgentsDbContext db, IConfiguration configuration, TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private int FailuresPerEmail => configuration.GetValue("Auth:MaxFailuresPerEmail", 5);

    private int FailuresPerIp => configuration.GetValue("Auth:MaxFailuresPerIp", 20);

    /// <summary>How long the caller must wait, or null when a sign-in may be checked now.</summary>
    public async Task<TimeSpan?> RetryAfterAsync(string email, string ip, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var since = now - Window;
        var byEmail = await OldestOfLastFailuresAsync(db.LoginAttempts.Where(a => a.Email == email), since, FailuresPerEmail, cancellationToken);
        var byIp = await OldestOfLastFailuresAsync(db.LoginAttempts.Where(a => a.Ip == ip), since, FailuresPerIp, cancellationToken);
        var blockedUntil = new[] { byEmail, byIp }.Where(at => at is not null).Select(at => at!.Value + Window).DefaultIfEmpty().Max();
        return blockedUntil > now ? blockedUntil - now : null;
    }

    public void Record(string email, string ip, bool succeeded) =>
        db.LoginAttempts.Add(new LoginAttempt { Email = email, Ip = ip, At = clock.GetUtcNow(), Succeeded = succeeded });

    /// <summary>
    /// The oldest of the last <paramref name="limit"/> failures in the window, when there are that many: the block
    /// lifts when it ages out.
    /// </summary>
    private static async Task<DateTimeOffset?> OldestOfLastFailuresAsync(
        IQueryable<LoginAttempt> attempts, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        var recent = await attempts.Where(a => !a.Succeeded && a.At > since)
            .OrderByDescending(a => a.At)
            .Take(limit)
            .Select(a => a.At)
            .ToListAsync(cancellationToken);
        return recent.Count >= limit ? recent[^1] : null;
    }
}
