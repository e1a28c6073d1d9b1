using System.Text.Json.Nodes;

namespace ModularDesk.Channels.Instances;

/// <summary>The body of <c>POST /api/v1/channels</c>.</summary>
internal sealed record CreateChannelRequest(string? PluginId, string? Name, JsonObject? Settings, bool? Enabled);
