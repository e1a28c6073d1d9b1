namespace ModularDesk.Channels.Plugins;

/// <summary>How loading a plugin folder ended; shown to admins by <c>GET /api/v1/plugins</c>.</summary>
internal enum PluginStatus
{
    Loaded,
    Failed,
    Incompatible,
}
