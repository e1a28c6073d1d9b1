using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ModularDesk.Plugins.Sdk;

namespace ModularDesk.TestPlugins.Working;

/// <summary>
/// Pulls <c>*.json</c> files (<see cref="TestDrop"/>; write them under another name and rename) from <c>inboxDirectory</c>, hands each to the inbox,
/// then deletes it and counts it in the checkpoint <c>received</c>. Webhooks: a POST whose body is a
/// <see cref="TestDrop"/> is accepted into the inbox; every call is echoed back as JSON. Outbound messages
/// are written to <c>outboxDirectory</c>; recipients starting with "fail" or "retry" fail accordingly.
/// </summary>
public sealed class FolderConnector(IChannelContext context) : IPullingConnector, IWebhookConnector, IOutboundConnector
{
    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    /// <inheritdoc />
    public Task<ConnectionTestResult> TestConnectionAsync(CancellationToken cancellationToken)
    {
        var inbox = context.Settings.Get("inboxDirectory");
        return Task.FromResult(inbox is not null && Directory.Exists(inbox)
            ? ConnectionTestResult.Success($"watching {inbox}")
            : ConnectionTestResult.Failure($"inbox folder '{inbox}' does not exist"));
    }

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var inbox = context.Settings.GetRequired("inboxDirectory");
        var poll = TimeSpan.FromMilliseconds(context.Settings.GetInt32("pollMilliseconds", 100));
        while (true)
        {
            foreach (var file in Directory.GetFiles(inbox, "*.json").Order(StringComparer.Ordinal))
            {
                var drop = JsonSerializer.Deserialize<TestDrop>(await File.ReadAllTextAsync(file, cancellationToken), Json)
                           ?? throw new InvalidDataException($"{file} is empty");
                var acceptance = await context.Inbound.AcceptAsync(ToInbound(drop), cancellationToken);

                // Checkpoint only after the inbox has the message: a crash in between re-delivers, never loses.
                var received = int.Parse(await context.Checkpoints.GetAsync("received", cancellationToken) ?? "0", CultureInfo.InvariantCulture);
                await context.Checkpoints.SetAsync("received", (received + 1).ToString(CultureInfo.InvariantCulture), cancellationToken);
                File.Delete(file);
                context.Logger.LogInformation("Accepted {ExternalMessageId} as {InboxId} (duplicate: {Duplicate})", drop.ExternalMessageId, acceptance.InboxId, acceptance.Duplicate);
            }

            await Task.Delay(poll, context.Clock, cancellationToken);
        }
    }

    /// <inheritdoc />
    public async Task<WebhookResponse> HandleWebhookAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        if (context.Settings.GetSecret("webhookSecret") is { Length: > 0 } secret && request.Header("X-Test-Secret") != secret)
        {
            return WebhookResponse.Status(401);
        }

        if (request.Method == "GET" && request.QueryValue("challenge") is { } challenge)
        {
            return WebhookResponse.Text(challenge);
        }

        InboundAcceptance? acceptance = null;
        if (request.Method == "POST" && request.Body.Length > 0)
        {
            TestDrop? drop;
            try
            {
                drop = JsonSerializer.Deserialize<TestDrop>(request.Body.Span, Json);
            }
            catch (JsonException)
            {
                return WebhookResponse.Text("body is not a test message", 400);
            }

            if (drop is { ExternalMessageId.Length: > 0, From.Length: > 0 })
            {
                acceptance = await context.Inbound.AcceptAsync(ToInbound(drop), cancellationToken);
            }
        }

        return WebhookResponse.Json(new
        {
            request.Method,
            request.Path,
            Query = request.Query,
            Body = request.BodyText(),
            acceptance?.InboxId,
            acceptance?.Duplicate,
        });
    }

    /// <inheritdoc />
    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        if (message.Recipient.Value.StartsWith("fail", StringComparison.Ordinal))
        {
            return SendResult.Failed("the test recipient refuses messages", permanent: true);
        }

        if (message.Recipient.Value.StartsWith("retry", StringComparison.Ordinal))
        {
            return SendResult.RetryLater("the test service is busy", TimeSpan.FromSeconds(30));
        }

        if (context.Settings.Get("outboxDirectory") is { Length: > 0 } outbox)
        {
            Directory.CreateDirectory(outbox);
            await File.WriteAllTextAsync(
                Path.Combine(outbox, $"{message.OutboundId}.json"), JsonSerializer.Serialize(message, Json), cancellationToken);
        }

        return SendResult.Sent($"test-{message.OutboundId}");
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static InboundMessage ToInbound(TestDrop drop) => new(
        drop.ExternalMessageId,
        new InboundSender(SenderKind.Email, drop.From) { DisplayName = drop.DisplayName })
    {
        Subject = drop.Subject,
        Text = drop.Text,
    };
}
