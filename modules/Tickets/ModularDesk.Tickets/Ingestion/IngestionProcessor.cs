using Autofac;
using Microsoft.Extensions.Logging;
using ModularDesk.BuildingBlocks.Files;
using ModularDesk.Channels.Contracts.Inbox;
using ModularDesk.Clients.Contracts.Resolution;
using ModularDesk.Tickets.Messages;
using ModularDesk.Tickets.Routing;

namespace ModularDesk.Tickets.Ingestion;

/// <summary>
/// One batch of T2: claim due inbox messages, resolve their senders (Clients, one call for the batch's distinct
/// senders), store attachments, file everything into tickets in one transaction
/// (<see cref="IngestionWriter"/>), then mark the inbox rows. A message whose step throws is marked failed with a
/// back-off and retried, and kept as failed after <see cref="IngestionOptions.MaxAttempts"/>; later messages of the
/// same sender in the batch wait for it (per-client order).
/// </summary>
internal sealed partial class IngestionProcessor(
    IInbox inbox,
    ILifetimeScope scope,
    IngestionWriter writer,
    IFileStore files,
    MessageHtml html,
    IngestionOptions options,
    TimeProvider clock,
    RoutingSignal routing,
    ILogger<IngestionProcessor> logger)
{
    /// <summary>Processes one batch; returns how many inbox messages it claimed (0 = nothing due).</summary>
    public async Task<int> ProcessBatchAsync(CancellationToken cancellationToken)
    {
        if (!options.Enabled || !scope.IsRegistered<IClientSenderResolver>())
        {
            // Without the Clients module nothing can be filed: leave the inbox untouched rather than fail it.
            return 0;
        }

        var claimed = await inbox.ClaimPendingAsync(options.BatchSize, options.Lease, cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }

        var ingested = new List<IngestedMessage>();
        var failures = new List<(ClaimedInboxMessage Message, string Error, bool Deferred)>();
        var done = await writer.FindReceiptsAsync(claimed.Select(c => c.InboxId).ToArray(), cancellationToken);
        var todo = new List<ClaimedInboxMessage>();
        foreach (var message in claimed)
        {
            if (done.TryGetValue(message.InboxId, out var receipt))
            {
                ingested.Add(receipt);
            }
            else
            {
                todo.Add(message);
            }
        }

        var resolved = await ResolveAsync(todo, cancellationToken);
        var prepared = new List<PreparedMessage>();
        var blockedSenders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var message in todo)
        {
            var key = SenderKey(message.Message.From);
            if (blockedSenders.Contains(key))
            {
                failures.Add((message, "Waiting for an earlier message of the same sender.", true));
                continue;
            }

            try
            {
                if (!resolved.TryGetValue(key, out var outcome) || outcome.Sender is null)
                {
                    throw new InvalidOperationException(outcome?.Error ?? "The sender was not resolved.");
                }

                prepared.Add(await PrepareAsync(message, outcome.Sender, cancellationToken));
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                blockedSenders.Add(key);
                failures.Add((message, ex.Message, false));
            }
        }

        var routingQueued = 0;
        if (prepared.Count > 0)
        {
            try
            {
                var result = await writer.WriteAsync(prepared, routeInline: true, cancellationToken);
                ingested.AddRange(result.Ingested);
                routingQueued += result.RoutingQueued;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // One bad message must not hold back the batch: file them one by one to find it (their new tickets are
                // routed by the worker, so not even a router that breaks connections can fail them).
                LogBatchWriteFailed(ex, prepared.Count);
                foreach (var message in prepared)
                {
                    try
                    {
                        var result = await writer.WriteAsync([message], routeInline: false, cancellationToken);
                        ingested.AddRange(result.Ingested);
                        routingQueued += result.RoutingQueued;
                    }
                    catch (Exception single) when (!cancellationToken.IsCancellationRequested)
                    {
                        failures.Add((message.Inbox, single.Message, false));
                    }
                }
            }
        }

        if (routingQueued > 0)
        {
            routing.Wake();
        }

        // One statement for the whole batch (a crash before it: the receipts make the re-claimed rows a no-op).
        await inbox.MarkProcessedAsync(
            ingested.Select(m => new ProcessedInboxMessage(m.InboxId, m.TicketId, m.ClientId)).ToList(), cancellationToken);

        foreach (var (message, error, deferred) in failures)
        {
            await MarkFailedAsync(message, error, deferred, cancellationToken);
        }

        return claimed.Count;
    }

    private async Task MarkFailedAsync(ClaimedInboxMessage message, string error, bool deferred, CancellationToken cancellationToken)
    {
        var attempt = message.Attempts + 1;
        DateTimeOffset? retryAt = deferred || attempt < options.MaxAttempts
            ? clock.GetUtcNow() + (deferred ? options.RetryBase : options.RetryDelay(attempt))
            : null;
        var text = $"Attempt {attempt}: {error}";
        if (retryAt is null)
        {
            LogGaveUp(message.InboxId, attempt, error);
        }
        else
        {
            LogWillRetry(message.InboxId, attempt, error);
        }

        await inbox.MarkFailedAsync(message.InboxId, text.Length > 2000 ? text[..2000] : text, retryAt, cancellationToken);
    }

    private sealed record ResolveOutcome(ResolvedSender? Sender, string? Error);

    /// <summary>
    /// The batch's distinct senders in one resolver call (the first message's text for language detection). Should
    /// that call fail, the senders are resolved one by one, spread over a few lifetime scopes at once, so a sender that
    /// fails fails alone.
    /// </summary>
    private async Task<Dictionary<string, ResolveOutcome>> ResolveAsync(
        List<ClaimedInboxMessage> messages, CancellationToken cancellationToken)
    {
        var firstBySender = new Dictionary<string, ClaimedInboxMessage>(StringComparer.Ordinal);
        foreach (var message in messages)
        {
            firstBySender.TryAdd(SenderKey(message.Message.From), message);
        }

        var result = new Dictionary<string, ResolveOutcome>(StringComparer.Ordinal);
        var senders = firstBySender.ToList();
        if (senders.Count == 0)
        {
            return result;
        }

        try
        {
            await using var batchScope = scope.BeginLifetimeScope();
            var resolved = await batchScope.Resolve<IClientSenderResolver>()
                .ResolveManyAsync(senders.Select(s => ToSender(s.Value)).ToList(), cancellationToken);
            for (var i = 0; i < senders.Count; i++)
            {
                result[senders[i].Key] = new ResolveOutcome(resolved[i], null);
            }

            return result;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogBatchResolveFailed(ex, senders.Count);
        }

        var partitions = Math.Min(options.ResolveParallelism, senders.Count);
        var tasks = Enumerable.Range(0, partitions).Select(async partition =>
        {
            var outcomes = new List<(string Key, ResolveOutcome Outcome)>();
            var lifetime = scope.BeginLifetimeScope();
            try
            {
                for (var i = partition; i < senders.Count; i += partitions)
                {
                    var (key, message) = senders[i];
                    try
                    {
                        var resolver = lifetime.Resolve<IClientSenderResolver>();
                        var sender = await resolver.ResolveAsync(ToSender(message), cancellationToken);
                        outcomes.Add((key, new ResolveOutcome(sender, null)));
                    }
                    catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                    {
                        outcomes.Add((key, new ResolveOutcome(null, ex.Message)));
                        // A failed call may leave its DbContext unusable: the rest get a fresh scope.
                        await lifetime.DisposeAsync();
                        lifetime = scope.BeginLifetimeScope();
                    }
                }
            }
            finally
            {
                await lifetime.DisposeAsync();
            }

            return outcomes;
        }).ToList();

        foreach (var outcomes in await Task.WhenAll(tasks))
        {
            foreach (var (key, outcome) in outcomes)
            {
                result[key] = outcome;
            }
        }

        return result;
    }

    private static InboundSender ToSender(ClaimedInboxMessage message)
    {
        var data = message.Message;
        return new InboundSender(data.From.Kind, data.From.Value, message.ChannelId, message.PluginId)
        {
            Messenger = data.From.Messenger,
            DisplayName = data.From.DisplayName,
            AvatarUrl = data.From.AvatarUrl,
            LanguageHint = data.From.LanguageHint,
            MessageText = !string.IsNullOrWhiteSpace(data.Text) ? data.Text : MessageHtml.ToPlainText(data.Html),
        };
    }

    private async Task<PreparedMessage> PrepareAsync(ClaimedInboxMessage message, ResolvedSender sender, CancellationToken cancellationToken)
    {
        var attachments = new List<PreparedAttachment>();
        foreach (var attachment in message.Message.Attachments)
        {
            var bytes = Convert.FromBase64String(attachment.ContentBase64);
            if (bytes.LongLength > options.MaxAttachmentBytes)
            {
                LogAttachmentTooLarge(message.InboxId, attachment.Name, bytes.LongLength);
                continue;
            }

            using var stream = new MemoryStream(bytes, writable: false);
            var stored = await files.SaveAsync(stream, options.MaxAttachmentBytes, cancellationToken);
            attachments.Add(new PreparedAttachment(
                Guid.CreateVersion7(), FileName(attachment.Name), ContentSniffer.Sniff(stored.Head), stored.Key, stored.Size));
        }

        return new PreparedMessage(message, sender, html.Sanitize(message.Message.Html), attachments);
    }

    private static string FileName(string name)
    {
        var clean = Path.GetFileName(name.Replace('\\', '/')).Trim();
        clean = new string(clean.Where(c => !char.IsControl(c)).ToArray());
        if (clean.Length == 0)
        {
            clean = "attachment";
        }

        return clean.Length > 255 ? clean[..255] : clean;
    }

    private static string SenderKey(InboundSenderData from)
    {
        var value = from.Value.Trim();
        if (string.Equals(from.Kind, "email", StringComparison.OrdinalIgnoreCase))
        {
            value = value.ToLowerInvariant();
        }

        return $"{from.Kind.ToLowerInvariant()}|{from.Messenger?.ToLowerInvariant()}|{value}";
    }

    [LoggerMessage(LogLevel.Warning, "Resolving the {Count} senders of a batch at once failed; resolving them one by one")]
    private partial void LogBatchResolveFailed(Exception exception, int count);

    [LoggerMessage(LogLevel.Warning, "Filing a batch of {Count} inbound messages failed; filing them one by one")]
    private partial void LogBatchWriteFailed(Exception exception, int count);

    [LoggerMessage(LogLevel.Warning, "Inbound message {InboxId} failed (attempt {Attempt}), will retry: {Error}")]
    private partial void LogWillRetry(Guid inboxId, int attempt, string error);

    [LoggerMessage(LogLevel.Error, "Inbound message {InboxId} failed for good after {Attempt} attempts: {Error}")]
    private partial void LogGaveUp(Guid inboxId, int attempt, string error);

    [LoggerMessage(LogLevel.Warning, "Inbound message {InboxId}: attachment {Name} ({Size} bytes) is over the limit and was left out")]
    private partial void LogAttachmentTooLarge(Guid inboxId, string name, long size);
}
