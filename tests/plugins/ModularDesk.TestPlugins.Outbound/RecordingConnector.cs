using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ModularDesk.Plugins.Sdk;

namespace ModularDesk.TestPlugins.Outbound;

/// <summary>
/// Every <see cref="SendAsync"/> call is written to <c>recordDirectory</c> as <c>&lt;outboundId&gt;.&lt;attempt&gt;.&lt;random&gt;.json</c>
/// (so duplicates show as extra files). The recipient's value scripts the answer: <c>fail…</c> → permanent failure,
/// <c>soft…</c> → temporary failure, <c>retryN-…</c> → retry later for the first N attempts, <c>throwN-…</c> → throws for
/// the first N attempts, <c>slow-…</c> → answers after 500 ms; anything else is sent with the id <c>ext-&lt;outboundId&gt;</c>.
/// </summary>
public sealed class RecordingConnector(IChannelContext context) : IOutboundConnector, IWebhookConnector
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <inheritdoc />
    public Task<ConnectionTestResult> TestConnectionAsync(CancellationToken cancellationToken) =>
        Task.FromResult(ConnectionTestResult.Success("recording"));

    /// <inheritdoc />
    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var folder = context.Settings.GetRequired("recordDirectory");
        Directory.CreateDirectory(folder);
        var attempt = Directory.GetFiles(folder, $"{message.OutboundId}.*.json").Length + 1;
        var record = new { context.ChannelId, context.PluginId, Attempt = attempt, Message = message };
        var temporary = Path.Combine(folder, $"{Guid.NewGuid():N}.tmp");
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(record, Json), cancellationToken);
        File.Move(temporary, Path.Combine(folder, $"{message.OutboundId}.{attempt}.{Guid.NewGuid():N}.json"));

        var recipient = message.Recipient.Value;
        if (recipient.StartsWith("fail", StringComparison.Ordinal))
        {
            return SendResult.Failed("the test recipient refuses messages", permanent: true);
        }

        if (recipient.StartsWith("soft", StringComparison.Ordinal))
        {
            return SendResult.Failed("the test service had a hiccup", permanent: false);
        }

        if (Scripted(recipient, "retry") is { } retries && attempt <= retries)
        {
            return SendResult.RetryLater("the test service is busy", TimeSpan.FromMilliseconds(20));
        }

        if (Scripted(recipient, "throw") is { } throws && attempt <= throws)
        {
            throw new InvalidOperationException("the test connector broke");
        }

        if (recipient.StartsWith("slow", StringComparison.Ordinal))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), context.Clock, cancellationToken);
        }

        return SendResult.Sent($"ext-{message.OutboundId:N}");
    }

    /// <inheritdoc />
    public async Task<WebhookResponse> HandleWebhookAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        var hook = JsonSerializer.Deserialize<TestWebhook>(request.Body.Span, Json);
        if (hook is null)
        {
            return WebhookResponse.Status(400);
        }

        if (hook.Report is { } report)
        {
            var status = Enum.Parse<DeliveryStatus>(report.Status, ignoreCase: true);
            await context.DeliveryStatus.ReportAsync(new DeliveryStatusUpdate(report.ExternalMessageId, status, report.At, report.Error), cancellationToken);
        }

        if (hook.Unreachable is { } unreachable)
        {
            await context.DeliveryStatus.MarkContactUnreachableAsync(
                new ContactAddress(Kind(unreachable.Kind), unreachable.Value, unreachable.Messenger), unreachable.Reason, cancellationToken);
        }

        InboundAcceptance? accepted = null;
        if (hook.Inbound is { } inbound)
        {
            accepted = await context.Inbound.AcceptAsync(
                new InboundMessage(inbound.ExternalMessageId, new InboundSender(Kind(inbound.Kind), inbound.From) { Messenger = inbound.Messenger })
                {
                    Text = inbound.Text,
                    SentAt = inbound.SentAt,
                },
                cancellationToken);
        }

        return WebhookResponse.Json(new { ok = true, inboxId = accepted?.InboxId });
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static SenderKind Kind(string kind) => Enum.Parse<SenderKind>(kind, ignoreCase: true);

    private static int? Scripted(string recipient, string prefix)
    {
        if (!recipient.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var digits = new string(recipient[prefix.Length..].TakeWhile(char.IsAsciiDigit).ToArray());
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 1;
    }
}
