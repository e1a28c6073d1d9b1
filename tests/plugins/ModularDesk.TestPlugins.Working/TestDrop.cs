namespace ModularDesk.TestPlugins.Working;

/// <summary>A message dropped into the inbox folder or posted to the webhook, as the tests write it.</summary>
public sealed record TestDrop(string ExternalMessageId, string From, string? DisplayName, string? Subject, string? Text);
