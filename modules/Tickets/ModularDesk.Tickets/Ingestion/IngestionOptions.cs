using Microsoft.Extensions.Configuration;

namespace ModularDesk.Tickets.Ingestion;

/// <summary>Settings of the ingestion worker, section <c>Tickets:Ingestion</c> (read when the worker starts).</summary>
internal sealed class IngestionOptions
{
    /// <summary>Off only for hosts that must leave the inbox alone (the Channels module's own tests).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Inbox messages claimed and written per transaction.</summary>
    public int BatchSize { get; init; } = 200;

    /// <summary>How long a claim keeps other workers off a message; after it the message is due again.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Attempts before a message is kept as failed for good.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>First retry delay; doubled per attempt, at most an hour.</summary>
    public TimeSpan RetryBase { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>When resolving a batch's senders at once failed: senders resolved one by one at once (each on its own connection).</summary>
    public int ResolveParallelism { get; init; } = 4;

    /// <summary>Poll interval when nothing woke the worker (another host's inbox, retries coming due).</summary>
    public TimeSpan IdlePoll { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>T3: a resolved messenger conversation reopens when the client writes within this many days.</summary>
    public int ReopenWithinDays { get; init; } = 7;

    /// <summary>Attachments larger than this are left out of the ticket (the inbox keeps the original).</summary>
    public long MaxAttachmentBytes { get; init; } = 25 * 1024 * 1024;

    /// <summary>
    /// Route new tickets inside the ingestion transaction (default). Off: every new ticket gets a routing-queue row and
    /// the <c>RoutingWorker</c> routes it after the commit (the fallback path; also a bench baseline).
    /// </summary>
    public bool RouteInline { get; init; } = true;

    /// <summary>How long routing may take inside an ingestion transaction before its tickets go to the routing queue.</summary>
    public TimeSpan RoutingTimeout { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan RetryDelay(int attempt) =>
        TimeSpan.FromTicks(Math.Min(RetryBase.Ticks * (long)Math.Pow(2, Math.Min(attempt - 1, 16)), TimeSpan.FromHours(1).Ticks));

    public static IngestionOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Tickets:Ingestion");
        var defaults = new IngestionOptions();
        return new IngestionOptions
        {
            Enabled = section.GetValue("Enabled", defaults.Enabled),
            BatchSize = Math.Clamp(section.GetValue("BatchSize", defaults.BatchSize), 1, 1000),
            Lease = TimeSpan.FromSeconds(section.GetValue("LeaseSeconds", defaults.Lease.TotalSeconds)),
            MaxAttempts = Math.Max(1, section.GetValue("MaxAttempts", defaults.MaxAttempts)),
            RetryBase = TimeSpan.FromSeconds(section.GetValue("RetryBaseSeconds", defaults.RetryBase.TotalSeconds)),
            ResolveParallelism = Math.Clamp(section.GetValue("ResolveParallelism", defaults.ResolveParallelism), 1, 32),
            IdlePoll = TimeSpan.FromMilliseconds(section.GetValue("IdlePollMilliseconds", defaults.IdlePoll.TotalMilliseconds)),
            ReopenWithinDays = Math.Max(0, configuration.GetValue("Tickets:ReopenWithinDays", defaults.ReopenWithinDays)),
            MaxAttachmentBytes = section.GetValue("MaxAttachmentBytes", defaults.MaxAttachmentBytes),
            RouteInline = section.GetValue("RouteInline", defaults.RouteInline),
            RoutingTimeout = TimeSpan.FromMilliseconds(
                Math.Max(1, section.GetValue("RoutingTimeoutMilliseconds", defaults.RoutingTimeout.TotalMilliseconds))),
        };
    }
}
