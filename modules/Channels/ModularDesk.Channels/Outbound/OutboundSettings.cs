using Microsoft.Extensions.Configuration;

namespace ModularDesk.Channels.Outbound;

/// <summary>
/// The sender's settings (<c>Outbound:*</c>), read when the sender starts (test hosts set them after the container
/// is built). Back-off after a failed attempt n: <c>RetryBaseMilliseconds · 2^(n-1)</c>, at most <c>RetryMaxSeconds</c>
/// (or what the service asked for); after <c>MaxAttempts</c> the message fails for good. <c>Enabled=false</c> keeps this
/// host from sending (others still do); the queue itself always accepts.
/// </summary>
internal sealed record OutboundSettings(
    bool Enabled,
    TimeSpan PollInterval, int BatchSize, int Concurrency, TimeSpan Lease, TimeSpan SendTimeout, TimeSpan RetryBase,
    TimeSpan RetryMax, int MaxAttempts)
{
    public static OutboundSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Outbound");
        return new OutboundSettings(
            section.GetValue("Enabled", true),
            TimeSpan.FromMilliseconds(section.GetValue("PollMilliseconds", 1000)),
            section.GetValue("BatchSize", 32),
            section.GetValue("Concurrency", 8),
            TimeSpan.FromSeconds(section.GetValue("LeaseSeconds", 300)),
            TimeSpan.FromSeconds(section.GetValue("SendTimeoutSeconds", 120)),
            TimeSpan.FromMilliseconds(section.GetValue("RetryBaseMilliseconds", 5000)),
            TimeSpan.FromSeconds(section.GetValue("RetryMaxSeconds", 900)),
            section.GetValue("MaxAttempts", 10));
    }

    public TimeSpan RetryDelay(int attempt)
    {
        var delay = RetryBase * Math.Pow(2, Math.Min(attempt - 1, 30));
        return delay < RetryMax ? delay : RetryMax;
    }
}
