namespace ModularDesk.Channels.Instances;

/// <summary>The answer of <c>POST /api/v1/channels/{id}/test</c>.</summary>
internal sealed record ChannelTestResult(bool Ok, string Message);
