using Microsoft.EntityFrameworkCore;
using ModularDesk.Agents.Persistence;
using ModularDesk.Agents.Tokens;

namespace ModularDesk.Agents.Setup;

/// <summary>Hourly job: expired sessions and day-old sign-in attempts are no longer needed by anything.</summary>
internal sealed class SignInHousekeeping(AgentsDbContext db, TimeProvider clock)
{
    public const string JobId = "agents:sign-in-housekeeping";

    public async Task PurgeAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await db.AccessTokens.Where(t => t.Kind == TokenKinds.Session && t.ExpiresAt < now)
            .ExecuteDeleteAsync(cancellationToken);
        var dayAgo = now.AddDays(-1);
        await db.LoginAttempts.Where(a => a.At < dayAgo).ExecuteDeleteAsync(cancellationToken);
    }
}
