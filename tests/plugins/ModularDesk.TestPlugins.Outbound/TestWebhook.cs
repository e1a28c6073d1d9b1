namespace ModularDesk.TestPlugins.Outbound;

/// <summary>What a test posts to the channel's webhook: any of a delivery report, an unreachable mark, an inbound message.</summary>
public sealed record TestWebhook(TestReport? Report, TestUnreachable? Unreachable, TestInbound? Inbound);

/// <summary>Delivery news: <c>delivered</c>, <c>read</c> or <c>failed</c>.</summary>
public sealed record TestReport(string ExternalMessageId, string Status, DateTimeOffset At, string? Error);

/// <summary>An address the service says cannot be reached.</summary>
public sealed record TestUnreachable(string Kind, string Value, string? Messenger, string Reason);

/// <summary>A message from a client.</summary>
public sealed record TestInbound(string ExternalMessageId, string Kind, string From, string? Messenger, string? Text, DateTimeOffset? SentAt);
