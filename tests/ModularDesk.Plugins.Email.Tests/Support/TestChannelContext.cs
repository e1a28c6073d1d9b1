using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Plugins.Email.Tests.Support;

/// <summary>
/// An <see cref="IChannelContext"/> made of in-memory parts, for running the connector through the SDK alone
/// (as a third-party host would): what it stored, which contacts it reported unreachable, its checkpoints.
/// </summary>
public sealed class TestChannelContext(IReadOnlyDictionary<string, object?> settings) : IChannelContext, IInboundSink, IDeliveryStatusSink, ICheckpointStore
{
    private readonly Dictionary<string, string> secrets = new(StringComparer.Ordinal)
    {
        ["imapPassword"] = settings.GetValueOrDefault("imapPassword")?.ToString() ?? string.Empty,
        ["smtpPassword"] = settings.GetValueOrDefault("smtpPassword")?.ToString() ?? string.Empty,
    };

    public ConcurrentDictionary<string, InboundMessage> Received { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<(ContactAddress Contact, string Reason)> Unreachable { get; } = new();

    public ConcurrentDictionary<string, string> CheckpointValues { get; } = new(StringComparer.Ordinal);

    public Guid ChannelId { get; } = Guid.NewGuid();

    public string PluginId => "email";

    public IChannelSettings Settings => new SettingsView(settings, secrets);

    public IInboundSink Inbound => this;

    IDeliveryStatusSink IChannelContext.DeliveryStatus => this;

    public ICheckpointStore Checkpoints => this;

    public IChannelHttpClientFactory HttpClients => throw new NotSupportedException("The email connector makes no HTTP calls.");

    public TimeProvider Clock => TimeProvider.System;

    public ILogger Logger { get; set; } = NullLogger.Instance;

    public Task<InboundAcceptance> AcceptAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        var added = Received.TryAdd(message.ExternalMessageId, message);
        return Task.FromResult(new InboundAcceptance(Guid.NewGuid(), Duplicate: !added));
    }

    public Task ReportAsync(DeliveryStatusUpdate update, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task MarkContactUnreachableAsync(ContactAddress contact, string reason, CancellationToken cancellationToken)
    {
        Unreachable.Enqueue((contact, reason));
        return Task.CompletedTask;
    }

    public Task<string?> GetAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(CheckpointValues.TryGetValue(key, out var value) ? value : null);

    public Task SetAsync(string key, string value, CancellationToken cancellationToken)
    {
        CheckpointValues[key] = value;
        return Task.CompletedTask;
    }

    private sealed class SettingsView(IReadOnlyDictionary<string, object?> values, Dictionary<string, string> secrets) : IChannelSettings
    {
        public IReadOnlyCollection<string> Keys => values.Keys.ToList();

        public string? Get(string key) => secrets.ContainsKey(key) ? null : values.GetValueOrDefault(key) switch
        {
            null => null,
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            var v => v.ToString(),
        };

        public string? GetSecret(string key) => secrets.GetValueOrDefault(key);
    }
}
