using System.Globalization;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Plugins.Email.Inbound;

/// <summary>
/// The receive loop of one mailbox folder. Connects, fetches every message after the checkpoint (UIDVALIDITY +
/// last UID) in batches, hands each to the inbox and only then moves the checkpoint; then waits with IDLE
/// (re-issued before the server's timeout) or polls when IDLE is not offered. A dropped connection or a restarted
/// server is reconnected here with back-off (0.5 s doubling to 10 s); a wrong password or a missing folder escapes
/// to the host, which restarts the connector with its own longer back-off and shows the error.
/// </summary>
internal sealed partial class ImapReceiver(IChannelContext context, EmailSettings settings)
{
    private const int BatchSize = 100;
    private const int ImportParallelism = 8;
    private const long BatchBytes = 32 * 1024 * 1024;
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(10);

    private readonly ILogger logger = context.Logger;
    private string CheckpointKey => "imap:" + settings.ImapFolder;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var retry = FirstRetry;

        // A folder that existed when this loop started and is gone now is being replaced (delete + create): wait here.
        var everConnected = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var connected = false;
            try
            {
                using var client = new ImapClient();
                await ImapConnection.OpenAsync(client, settings, cancellationToken);
                var folder = await client.GetFolderAsync(settings.ImapFolder, cancellationToken);
                await folder.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
                connected = true;
                everConnected = true;
                retry = FirstRetry;
                await ReceiveAsync(client, folder, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && (IsTransient(e) || (everConnected && e is FolderNotFoundException)))
            {
                LogConnectionLost(context.ChannelId, e.GetType().Name, e.Message, retry);
                await Task.Delay(retry, context.Clock, cancellationToken);
                retry = connected ? FirstRetry : TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
            }
        }
    }

    private async Task ReceiveAsync(ImapClient client, IMailFolder folder, CancellationToken cancellationToken)
    {
        var arrived = 0;
        CancellationTokenSource? idleDone = null;
        folder.CountChanged += (_, _) =>
        {
            Interlocked.Exchange(ref arrived, 1);
            try
            {
                idleDone?.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        };

        var moveTo = settings.AfterImport == AfterImport.Move && settings.MoveToFolder is { } target
            ? await client.GetFolderAsync(target, cancellationToken)
            : null;
        var idle = settings.UseIdle && client.Capabilities.HasFlag(ImapCapabilities.Idle);
        LogReceiving(context.ChannelId, settings.ImapFolder, idle ? "IDLE" : "polling");
        while (true)
        {
            do
            {
                Interlocked.Exchange(ref arrived, 0);
                await SyncAsync(folder, moveTo, cancellationToken);
            }
            while (Volatile.Read(ref arrived) == 1);

            if (idle)
            {
                // IDLE ends when mail arrives (CountChanged) or before the server's inactivity timeout, then re-issued.
                using var done = new CancellationTokenSource(settings.IdleRefresh, context.Clock);
                idleDone = done;
                if (Volatile.Read(ref arrived) == 0)
                {
                    await client.IdleAsync(done.Token, cancellationToken);
                }

                idleDone = null;
            }
            else
            {
                await Task.Delay(settings.PollInterval, context.Clock, cancellationToken);
                await client.NoOpAsync(cancellationToken);
            }

            await ReselectAsync(folder, cancellationToken);
        }
    }

    /// <summary>
    /// A folder deleted and created again under the same name (a restore, a migration) is a new mailbox with a new
    /// UIDVALIDITY, but a session that has the old one selected may hear nothing about it (Dovecot sometimes says BYE,
    /// sometimes nothing, and its STATUS for the selected folder can answer from the session's old view). So after
    /// every IDLE or poll wake-up the folder is SELECTed again by name: that always opens the mailbox as it is now, and
    /// the sync that follows compares its UIDVALIDITY with the checkpoint's. A folder that is gone fails the SELECT and
    /// the loop reconnects and waits for it.
    /// </summary>
    private async Task ReselectAsync(IMailFolder folder, CancellationToken cancellationToken)
    {
        var selected = folder.UidValidity;
        await folder.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        if (folder.UidValidity != selected)
        {
            LogMailboxReplaced(context.ChannelId, settings.ImapFolder, selected, folder.UidValidity);
        }
    }

    /// <summary>Everything after the checkpoint, oldest first; a new UIDVALIDITY starts over (the inbox drops what it has).</summary>
    private async Task SyncAsync(IMailFolder folder, IMailFolder? moveTo, CancellationToken cancellationToken)
    {
        var validity = folder.UidValidity;
        var (savedValidity, lastUid) = Checkpoint.Parse(await context.Checkpoints.GetAsync(CheckpointKey, cancellationToken));
        if (savedValidity is not null && savedValidity != validity)
        {
            LogUidValidityChanged(context.ChannelId, settings.ImapFolder, savedValidity.Value, validity);
            lastUid = 0;
        }

        if (savedValidity != validity)
        {
            await context.Checkpoints.SetAsync(CheckpointKey, Checkpoint.Format(validity, lastUid), cancellationToken);
        }

        if (folder.Count == 0)
        {
            return;
        }

        if (moveTo is not null && lastUid > 0)
        {
            // Imported before a stop that came between checkpoint and MOVE: move them now.
            var left = await folder.SearchAsync(SearchQuery.Uids(new UniqueIdRange(new UniqueId(validity, 1), new UniqueId(validity, lastUid))), cancellationToken);
            if (left.Count > 0)
            {
                await folder.MoveToAsync(left, moveTo, cancellationToken);
            }
        }

        var found = await folder.SearchAsync(
            SearchQuery.Uids(new UniqueIdRange(new UniqueId(validity, lastUid + 1), UniqueId.MaxValue)), cancellationToken);

        // "n:*" always matches the highest UID, even one below n.
        var pending = found.Where(u => u.Id > lastUid).OrderBy(u => u.Id).ToList();
        // A pipeline of two: while batch i is parsed and stored (database only), batch i + 1 is fetched (IMAP only),
        // so neither the connection nor the inbox waits for the other. The IMAP connection is never used by two
        // commands at once: the flags/MOVE of batch i wait until the fetch of batch i + 1 is complete.
        var batches = await BatchesAsync(folder, pending, cancellationToken);
        var fetching = batches.Count > 0 ? FetchAsync(folder, batches[0], cancellationToken) : null;
        for (var i = 0; i < batches.Count; i++)
        {
            var batch = batches[i];
            var raw = await fetching!;
            var importing = ImportBatchAsync(batch, raw, cancellationToken);
            fetching = i + 1 < batches.Count ? FetchAsync(folder, batches[i + 1], cancellationToken) : null;
            try
            {
                await importing;
                await context.Checkpoints.SetAsync(CheckpointKey, Checkpoint.Format(validity, batch[^1].Id), cancellationToken);
            }
            catch
            {
                await DrainAsync(fetching);
                throw;
            }

            if (fetching is not null)
            {
                // The next batch's fetch must be done before the connection takes the next command.
                await DrainAsync(fetching);
            }

            await AfterImportAsync(folder, batch, moveTo, cancellationToken);
            LogImported(context.ChannelId, batch.Count, batch[0].Id, batch[^1].Id);
        }
    }

    /// <summary>Waits for a task to end without observing its outcome here (it is awaited again, or the loop is failing anyway).</summary>
    private static async Task DrainAsync(Task? task)
    {
        if (task is null)
        {
            return;
        }

        try
        {
            await task;
        }
        catch (Exception)
        {
            // Observed where the result is used (the next iteration) or irrelevant (the loop reconnects).
        }
    }

    /// <summary>Up to <see cref="BatchSize"/> messages and <see cref="BatchBytes"/> per batch (one large message may exceed it alone).</summary>
    private static async Task<List<List<UniqueId>>> BatchesAsync(IMailFolder folder, List<UniqueId> pending, CancellationToken cancellationToken)
    {
        var batches = new List<List<UniqueId>>();
        if (pending.Count == 0)
        {
            return batches;
        }

        var sizes = (await folder.FetchAsync(pending, MessageSummaryItems.UniqueId | MessageSummaryItems.Size, cancellationToken))
            .ToDictionary(s => s.UniqueId.Id, s => (long)(s.Size ?? 0));
        var current = new List<UniqueId>();
        long bytes = 0;
        foreach (var uid in pending)
        {
            var size = sizes.GetValueOrDefault(uid.Id);
            if (current.Count > 0 && (current.Count >= BatchSize || bytes + size > BatchBytes))
            {
                batches.Add(current);
                current = [];
                bytes = 0;
            }

            current.Add(uid);
            bytes += size;
        }

        batches.Add(current);
        return batches;
    }

    /// <summary>The raw bytes of a batch, by UID (one FETCH command).</summary>
    private static async Task<Dictionary<uint, byte[]>> FetchAsync(IMailFolder folder, IList<UniqueId> batch, CancellationToken cancellationToken)
    {
        var raw = new Dictionary<uint, byte[]>();
        await ((ImapFolder)folder).GetStreamsAsync(batch, async (_, _, uid, stream, ct) =>
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, ct);
            lock (raw)
            {
                raw[uid.Id] = copy.ToArray();
            }
        }, cancellationToken);
        return raw;
    }

    /// <summary>Parses and stores a fetched batch, <see cref="ImportParallelism"/> messages at once (the inbox commit is the slow part).</summary>
    private Task ImportBatchAsync(IList<UniqueId> batch, Dictionary<uint, byte[]> raw, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(
            batch.Where(u => raw.ContainsKey(u.Id)),
            new ParallelOptions { MaxDegreeOfParallelism = ImportParallelism, CancellationToken = cancellationToken },
            async (uid, ct) => await ImportOneAsync(uid, raw[uid.Id], ct));

    private async Task ImportOneAsync(UniqueId uid, byte[] raw, CancellationToken cancellationToken)
    {
        var parsed = MailParser.Parse(raw);
        InboundAcceptance accepted;
        try
        {
            accepted = await context.Inbound.AcceptAsync(parsed.Message, cancellationToken);
        }
        catch (ArgumentException e)
        {
            // The inbox refused a field the parser let through: store the bare message rather than lose it.
            LogRefused(context.ChannelId, uid.Id, e.Message);
            accepted = await context.Inbound.AcceptAsync(
                new InboundMessage(MailParser.SyntheticId(raw), new InboundSender(SenderKind.Email, MailParser.UnknownSender))
                {
                    Text = parsed.Message.Text,
                    Attachments = [new InboundAttachment("original.eml", "message/rfc822", raw)],
                    Flags = parsed.Message.Flags | InboundFlags.Malformed,
                },
                cancellationToken);
        }

        if (!accepted.Duplicate)
        {
            foreach (var (address, reason) in parsed.HardBounces)
            {
                await context.DeliveryStatus.MarkContactUnreachableAsync(
                    new ContactAddress(SenderKind.Email, address), $"Mail to {address} bounced ({reason}).", cancellationToken);
            }
        }
    }

    private async Task AfterImportAsync(IMailFolder folder, IList<UniqueId> batch, IMailFolder? moveTo, CancellationToken cancellationToken)
    {
        if (moveTo is not null)
        {
            await folder.MoveToAsync(batch, moveTo, cancellationToken);
        }
        else if (settings.AfterImport == AfterImport.MarkSeen)
        {
            await folder.StoreAsync(batch, new StoreFlagsRequest(StoreAction.Add, MessageFlags.Seen) { Silent = true }, cancellationToken);
        }
    }

    /// <summary>Network trouble and server restarts, not configuration mistakes.</summary>
    private static bool IsTransient(Exception e) => e switch
    {
        AuthenticationException => false,
        FolderNotFoundException => false,
        IOException or SocketException or TimeoutException => true,
        ImapProtocolException or ServiceNotConnectedException or ServiceNotAuthenticatedException => true,
        ImapCommandException { Response: ImapCommandResponse.No or ImapCommandResponse.Bad } => true,
        FolderNotOpenException => true,
        _ => false,
    };

    [LoggerMessage(LogLevel.Information, "Channel {ChannelId}: receiving from {Folder} ({Mode})")]
    private partial void LogReceiving(Guid channelId, string folder, string mode);

    [LoggerMessage(LogLevel.Information, "Channel {ChannelId}: imported {Count} messages (UID {First} to {Last})")]
    private partial void LogImported(Guid channelId, int count, uint first, uint last);

    [LoggerMessage(LogLevel.Warning, "Channel {ChannelId}: IMAP connection lost ({Error}: {Reason}); reconnecting in {Delay}")]
    private partial void LogConnectionLost(Guid channelId, string error, string reason, TimeSpan delay);

    [LoggerMessage(LogLevel.Warning, "Channel {ChannelId}: UIDVALIDITY of {Folder} changed from {Old} to {New}; re-reading the folder (the inbox drops duplicates)")]
    private partial void LogUidValidityChanged(Guid channelId, string folder, uint old, uint @new);

    [LoggerMessage(LogLevel.Information, "Channel {ChannelId}: {Folder} was replaced while selected (UIDVALIDITY {Old} → {New})")]
    private partial void LogMailboxReplaced(Guid channelId, string folder, uint old, uint @new);

    [LoggerMessage(LogLevel.Warning, "Channel {ChannelId}: the inbox refused message UID {Uid} ({Reason}); stored as malformed")]
    private partial void LogRefused(Guid channelId, uint uid, string reason);

    /// <summary>The checkpoint value "UIDVALIDITY/last UID".</summary>
    private static class Checkpoint
    {
        public static (uint? Validity, uint LastUid) Parse(string? value)
        {
            var parts = value?.Split('/') ?? [];
            return parts.Length == 2
                   && uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var validity)
                   && uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
                ? (validity, last)
                : (null, 0);
        }

        public static string Format(uint validity, uint lastUid) =>
            string.Create(CultureInfo.InvariantCulture, $"{validity}/{lastUid}");
    }
}
