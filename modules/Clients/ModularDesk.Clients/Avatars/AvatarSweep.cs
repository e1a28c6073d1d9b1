using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModularDesk.BuildingBlocks.Background;
using ModularDesk.BuildingBlocks.Persistence;
using ModularDesk.Clients.Cards;
using Npgsql;

namespace ModularDesk.Clients.Avatars;

/// <summary>Tuning of the avatar sweep (<c>Clients:AvatarSweep</c>).</summary>
internal sealed record AvatarSweepOptions
{
    /// <summary>Checks claimed at once.</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>Requests in flight at once.</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>How long a claimed check is this host's before another may take it (a dead host's page comes back).</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Per request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>After a wake-up, wait this long so a page fills up (new cards come in bursts).</summary>
    public TimeSpan Gather { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Poll when nothing woke the sweep (another host may have queued checks).</summary>
    public TimeSpan IdlePoll { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>First back-off when the server cannot be reached; doubles up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan Backoff { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromHours(1);

    /// <summary>A check whose server was unreachable this many times is dropped (the URL simply stays).</summary>
    public int MaxFailures { get; init; } = 20;

    public static AvatarSweepOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Clients:AvatarSweep");
        var defaults = new AvatarSweepOptions();
        TimeSpan Millis(string key, TimeSpan fallback) =>
            TimeSpan.FromMilliseconds(Math.Max(1, section.GetValue(key, fallback.TotalMilliseconds)));
        return new AvatarSweepOptions
        {
            PageSize = Math.Clamp(section.GetValue("PageSize", defaults.PageSize), 1, 1000),
            Concurrency = Math.Clamp(section.GetValue("Concurrency", defaults.Concurrency), 1, 64),
            Lease = Millis("LeaseMilliseconds", defaults.Lease),
            RequestTimeout = Millis("RequestTimeoutMilliseconds", defaults.RequestTimeout),
            Gather = Millis("GatherMilliseconds", defaults.Gather),
            IdlePoll = Millis("IdlePollMilliseconds", defaults.IdlePoll),
            Backoff = Millis("BackoffMilliseconds", defaults.Backoff),
            MaxBackoff = Millis("MaxBackoffMilliseconds", defaults.MaxBackoff),
            MaxFailures = Math.Max(1, section.GetValue("MaxFailures", defaults.MaxFailures)),
        };
    }
}

/// <summary>A card was queued for a Gravatar check: wakes this host's avatar sweep.</summary>
internal sealed class AvatarSweepSignal : WakeSignal;

/// <summary>
/// C6 in the background, without a job per card: every host runs this loop; it claims a page of due Gravatar checks
/// (<c>FOR UPDATE SKIP LOCKED</c> + a lease), asks the server about them with bounded concurrency (HEAD, <c>d=404</c>),
/// and settles the page in two statements: a definite 404 clears the avatar — only while the card still shows that
/// very URL set by the system, so an agent's avatar always wins — and every answered check is deleted. When the server
/// cannot be reached (no network, DNS, timeout) the rest of the page is not tried: the sweep backs off as a whole
/// (doubling up to an hour) and the unanswered checks wait for it, rather than each card failing on its own.
/// </summary>
internal sealed partial class AvatarSweep(
    NpgsqlDataSource dataSource,
    IHttpClientFactory httpClients,
    AvatarSweepSignal signal,
    AvatarSweepOptions options,
    DatabaseReadiness readiness,
    TimeProvider clock,
    ILogger<AvatarSweep> logger) : BackgroundService
{
    private const string ClaimSql = """
        UPDATE clients.avatar_checks a SET due_at = now() + @lease
        FROM (SELECT client_id FROM clients.avatar_checks WHERE due_at <= now()
              ORDER BY due_at LIMIT @page FOR UPDATE SKIP LOCKED) due
        WHERE a.client_id = due.client_id
        RETURNING a.client_id, a.url
        """;

    private const string SettleSql = """
        WITH cleared AS (
            UPDATE clients.clients c SET avatar_url = NULL, provenance = c.provenance || @provenance::jsonb, updated_at = @at
            FROM unnest(@missing_ids, @missing_urls) AS m(id, url)
            WHERE c.id = m.id AND c.avatar_url = m.url AND c.provenance #>> '{avatarUrl,source}' = 'system'
            RETURNING c.id)
        DELETE FROM clients.avatar_checks a USING unnest(@done_ids, @done_urls) AS d(id, url)
        WHERE a.client_id = d.id AND a.url = d.url
        """;

    private const string PostponeSql = """
        UPDATE clients.avatar_checks a SET due_at = now() + @delay, failures = a.failures + CASE WHEN u.tried THEN 1 ELSE 0 END
        FROM unnest(@ids, @tried) AS u(id, tried)
        WHERE a.client_id = u.id;
        DELETE FROM clients.avatar_checks WHERE client_id = ANY(@ids) AND failures >= @max_failures;
        """;

    private TimeSpan backoff = TimeSpan.Zero;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!readiness.IsMigrated)
        {
            await Task.Delay(200, stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            int claimed;
            try
            {
                claimed = await SweepOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(e);
                claimed = 0;
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
            }

            if (backoff > TimeSpan.Zero)
            {
                // The server was unreachable: wake-ups do not shorten the back-off.
                await Task.Delay(backoff, stoppingToken);
                continue;
            }

            if (claimed < options.PageSize && await signal.WaitAsync(options.IdlePoll, stoppingToken))
            {
                await Task.Delay(options.Gather, stoppingToken);
            }
        }
    }

    /// <summary>One page: claim, check, settle. Returns how many checks it claimed.</summary>
    internal async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var page = await ClaimAsync(cancellationToken);
        if (page.Count == 0)
        {
            return 0;
        }

        var outcomes = new Outcome[page.Count];
        using var unreachable = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var client = httpClients.CreateClient(AvatarCheck.HttpClientName);
        try
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, page.Count),
                new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = unreachable.Token },
                async (i, token) =>
                {
                    outcomes[i] = await CheckAsync(client, page[i].Url, token);
                    if (outcomes[i] == Outcome.Unreachable)
                    {
                        // One failure to reach the server stands for the whole page.
                        await unreachable.CancelAsync();
                    }
                });
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The server is unreachable: the checks not answered wait for the back-off.
        }

        var answered = page.Where((_, i) => outcomes[i] is Outcome.Exists or Outcome.Missing).ToList();
        var missing = page.Where((_, i) => outcomes[i] == Outcome.Missing).ToList();
        var waiting = page.Select((check, i) => (check, outcome: outcomes[i])).Where(p => p.outcome is Outcome.NotTried or Outcome.Unreachable).ToList();
        if (answered.Count > 0)
        {
            await SettleAsync(answered, missing, cancellationToken);
        }

        if (waiting.Count > 0)
        {
            backoff = backoff == TimeSpan.Zero ? options.Backoff : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.MaxBackoff.Ticks));
            LogUnreachable(logger, waiting.Count, backoff.TotalSeconds);
            await PostponeAsync(waiting.Select(w => (w.check.ClientId, w.outcome == Outcome.Unreachable)).ToList(), backoff, cancellationToken);
        }
        else
        {
            backoff = TimeSpan.Zero;
        }

        return page.Count;
    }

    private async Task<Outcome> CheckAsync(HttpClient client, string url, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.RequestTimeout);
            using var request = new HttpRequestMessage(HttpMethod.Head, url);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return response.StatusCode switch
            {
                HttpStatusCode.NotFound => Outcome.Missing,
                // A server error or throttling says nothing about the avatar: ask again later.
                >= HttpStatusCode.InternalServerError or HttpStatusCode.TooManyRequests => Outcome.Unreachable,
                _ => Outcome.Exists,
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Outcome.NotTried;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or InvalidOperationException or UriFormatException)
        {
            return Outcome.Unreachable;
        }
    }

    private async Task<List<Check>> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ClaimSql);
        command.Parameters.AddWithValue("lease", options.Lease);
        command.Parameters.AddWithValue("page", options.PageSize);
        var page = new List<Check>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            page.Add(new Check(reader.GetGuid(0), reader.GetString(1)));
        }

        return page;
    }

    private async Task SettleAsync(List<Check> answered, List<Check> missing, CancellationToken cancellationToken)
    {
        var at = clock.GetUtcNow();
        await using var command = dataSource.CreateCommand(SettleSql);
        command.Parameters.AddWithValue("provenance", JsonSerializer.Serialize(
            new Dictionary<string, FieldSource> { ["avatarUrl"] = new(Sources.System, at) }, CardJson.Options));
        command.Parameters.AddWithValue("at", at);
        command.Parameters.AddWithValue("missing_ids", missing.Select(c => c.ClientId).ToArray());
        command.Parameters.AddWithValue("missing_urls", missing.Select(c => c.Url).ToArray());
        command.Parameters.AddWithValue("done_ids", answered.Select(c => c.ClientId).ToArray());
        command.Parameters.AddWithValue("done_urls", answered.Select(c => c.Url).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task PostponeAsync(List<(Guid ClientId, bool Tried)> checks, TimeSpan delay, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(PostponeSql);
        command.Parameters.AddWithValue("delay", delay);
        command.Parameters.AddWithValue("ids", checks.Select(c => c.ClientId).ToArray());
        command.Parameters.AddWithValue("tried", checks.Select(c => c.Tried).ToArray());
        command.Parameters.AddWithValue("max_failures", options.MaxFailures);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private enum Outcome
    {
        NotTried,
        Exists,
        Missing,
        Unreachable,
    }

    private sealed record Check(Guid ClientId, string Url);

    [LoggerMessage(LogLevel.Information, "Avatar server unreachable: {Count} checks wait {Seconds} s")]
    private static partial void LogUnreachable(ILogger logger, int count, double seconds);

    [LoggerMessage(LogLevel.Warning, "An avatar sweep failed; its checks come back when their lease ends")]
    private partial void LogSweepFailed(Exception exception);
}
