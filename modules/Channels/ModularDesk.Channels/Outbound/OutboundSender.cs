using System.Text.Json;
using Autofac;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModularDesk.BuildingBlocks.Files;
using ModularDesk.BuildingBlocks.Persistence;
using ModularDesk.Channels.Contracts.Outbound;
using ModularDesk.Channels.Plugins;
using ModularDesk.Channels.Plugins.Supervision;
using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Channels.Outbound;

/// <summary>
/// Drains the outbound queue on every host: claims due messages (<see cref="OutboundClaims"/>), hands each to its
/// channel's long-lived connector (<see cref="ChannelConnectors"/>, one per channel and revision) and records the
/// result. Sent → <c>sent</c> with the service's id; a permanent failure → <c>failed</c>; a retry-later or an
/// exception → queued again after a back-off, failed after the last attempt. The outbound id is the connector's
/// idempotency key; a host dying between the service's acceptance and the commit sends the message again when the
/// lease runs out (at least once).
/// </summary>
internal sealed partial class OutboundSender(
    ILifetimeScope scope,
    OutboundClaims claims,
    OutboundSignal signal,
    ChannelConnectors connectors,
    IFileStore files,
    DatabaseReadiness readiness,
    IConfiguration configuration,
    TimeProvider clock,
    ILogger<OutboundSender> logger) : BackgroundService
{
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = OutboundSettings.From(configuration);
        if (!settings.Enabled)
        {
            return;
        }

        try
        {
            while (!readiness.IsMigrated)
            {
                await Task.Delay(settings.PollInterval, clock, stoppingToken);
            }

            var nextPurge = clock.GetUtcNow();
            while (!stoppingToken.IsCancellationRequested)
            {
                var claimed = 0;
                try
                {
                    claimed = await DrainBatchAsync(settings, stoppingToken);
                    if (clock.GetUtcNow() >= nextPurge)
                    {
                        nextPurge = clock.GetUtcNow() + PurgeInterval;
                        await using var purge = scope.BeginLifetimeScope();
                        await purge.Resolve<OutboundStatusWriter>().PurgeStaleReportsAsync(stoppingToken);
                    }
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    LogBatchFailed(e);
                }

                if (claimed == 0)
                {
                    await signal.WaitAsync(settings.PollInterval, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping; leased messages come back when their lease runs out.
        }
    }

    /// <summary>Claims one batch and sends it; returns how many were claimed.</summary>
    internal async Task<int> DrainBatchAsync(OutboundSettings settings, CancellationToken cancellationToken)
    {
        var batch = await claims.ClaimAsync(settings.BatchSize, settings.Lease, cancellationToken);
        if (batch.Count == 0)
        {
            return 0;
        }

        // Each claimed message is the head of its recipient's queue, so they can go out side by side.
        await Parallel.ForEachAsync(
            batch,
            new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken },
            (message, token) => new ValueTask(SendAndRecordAsync(message, settings, token)));
        return batch.Count;
    }

    private async Task SendAndRecordAsync(ClaimedOutbound message, OutboundSettings settings, CancellationToken cancellationToken)
    {
        Attempt attempt;
        try
        {
            attempt = await SendAsync(message, settings, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            LogSendThrew(e, message.Id, message.ChannelId);
            attempt = Attempt.Retry($"The connector failed: {e.Message}", null);
        }

        try
        {
            await using var call = scope.BeginLifetimeScope();
            var writer = call.Resolve<OutboundStatusWriter>();
            switch (attempt.Outcome)
            {
                case SendOutcome.Sent:
                    await writer.MarkSentAsync(message.Id, attempt.ExternalMessageId, cancellationToken);
                    break;
                case SendOutcome.Failed when attempt.Permanent:
                    await writer.MarkFailedAsync(message.Id, attempt.Reason!, cancellationToken);
                    break;
                default:
                    if (message.Attempt >= settings.MaxAttempts)
                    {
                        await writer.MarkFailedAsync(
                            message.Id, $"Gave up after {message.Attempt} attempts: {attempt.Reason}", cancellationToken);
                    }
                    else
                    {
                        var delay = attempt.RetryAfter is { } after && after > TimeSpan.Zero ? after : settings.RetryDelay(message.Attempt);
                        await writer.MarkRetryAsync(message.Id, attempt.Reason!, clock.GetUtcNow() + delay, cancellationToken);
                    }

                    break;
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The lease brings the message back; if the service had accepted it, it is sent again (at least once).
            LogRecordFailed(e, message.Id);
        }
    }

    private async Task<Attempt> SendAsync(ClaimedOutbound message, OutboundSettings settings, CancellationToken cancellationToken)
    {
        if (message.PluginId is null)
        {
            return Attempt.Fail("The channel was deleted.");
        }

        if (!message.Enabled)
        {
            return Attempt.Retry("The channel is disabled.", null);
        }

        IOutboundConnector? connector;
        try
        {
            connector = connectors.Get(new SupervisedChannel(message.ChannelId, message.PluginId, message.Revision)) as IOutboundConnector;
        }
        catch (Exception e)
        {
            LogConnectorUnavailable(e, message.ChannelId, message.PluginId);
            return Attempt.Retry($"The channel's connector could not start: {e.Message}", null);
        }

        if (connector is null)
        {
            return Attempt.Retry($"No loaded plugin '{message.PluginId}' on this host can send.", null);
        }

        var request = JsonSerializer.Deserialize<OutboundRequest>(message.Payload, OutboundPayloadJson.Options)
                      ?? throw new InvalidOperationException("An outbound payload is empty.");
        var attachments = new List<OutboundAttachment>(request.Attachments.Count);
        foreach (var file in request.Attachments)
        {
            if (await ReadFileAsync(file.StorageKey, cancellationToken) is not { } content)
            {
                return Attempt.Fail($"The attachment '{file.Name}' is no longer stored.");
            }

            attachments.Add(new OutboundAttachment(file.Name, file.ContentType, content));
        }

        var outbound = ToSdk(message, request, attachments);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.SendTimeout);
        SendResult result;
        try
        {
            result = await connector.SendAsync(outbound, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Attempt.Retry($"The connector did not answer within {settings.SendTimeout.TotalSeconds:0} s.", null);
        }

        return result.Outcome switch
        {
            SendOutcome.Sent when !string.IsNullOrWhiteSpace(result.ExternalMessageId) => Attempt.Sent(result.ExternalMessageId),
            SendOutcome.Sent => Attempt.Sent(null),
            SendOutcome.Failed when result.IsPermanent => Attempt.Fail(result.Reason ?? "The service refused the message."),
            _ => Attempt.Retry(result.Reason ?? "The service asked to try again later.", result.RetryAfter),
        };
    }

    private async Task<byte[]?> ReadFileAsync(string key, CancellationToken cancellationToken)
    {
        await using var stream = files.OpenRead(key);
        if (stream is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    internal static ModularDesk.Plugins.Sdk.OutboundMessage ToSdk(
        ClaimedOutbound message, OutboundRequest request, IReadOnlyList<OutboundAttachment> attachments)
    {
        var kind = ContactKey.SdkKind(message.RecipientKind) ?? SenderKind.ExternalId;
        var threading = request.InReplyTo is not null || request.References.Count > 0 || request.TicketNumber is not null
            ? new MessageThreading(request.InReplyTo, request.References, request.TicketNumber)
            : null;
        return new ModularDesk.Plugins.Sdk.OutboundMessage(
            message.Id, new ContactAddress(kind, message.RecipientValue, message.RecipientMessenger), request.Text ?? string.Empty)
        {
            Subject = request.Subject,
            Html = request.Html,
            Attachments = attachments,
            Threading = threading,
            Template = request.Template is { } t ? new MessageTemplate(t.Name, t.Language, t.Parameters) : null,
            SenderDisplayName = request.SenderDisplayName,
        };
    }

    [LoggerMessage(LogLevel.Error, "Sending the outbound queue failed; trying again")]
    private partial void LogBatchFailed(Exception exception);

    [LoggerMessage(LogLevel.Warning, "Outbound message {OutboundId} on channel {ChannelId}: the connector threw; it will be retried")]
    private partial void LogSendThrew(Exception exception, Guid outboundId, Guid channelId);

    [LoggerMessage(LogLevel.Error, "Outbound message {OutboundId}: recording the result failed; the lease will bring it back")]
    private partial void LogRecordFailed(Exception exception, Guid outboundId);

    [LoggerMessage(LogLevel.Error, "Channel {ChannelId} ({PluginId}): the connector could not be created for sending")]
    private partial void LogConnectorUnavailable(Exception exception, Guid channelId, string pluginId);

    private sealed record Attempt(SendOutcome Outcome, string? ExternalMessageId, string? Reason, bool Permanent, TimeSpan? RetryAfter)
    {
        public static Attempt Sent(string? externalMessageId) => new(SendOutcome.Sent, externalMessageId, null, false, null);

        public static Attempt Fail(string reason) => new(SendOutcome.Failed, null, reason, true, null);

        public static Attempt Retry(string reason, TimeSpan? after) => new(SendOutcome.RetryLater, null, reason, false, after);
    }
}
