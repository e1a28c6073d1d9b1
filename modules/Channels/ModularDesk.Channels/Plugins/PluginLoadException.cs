namespace ModularDesk.Channels.Plugins;

/// <summary>A plugin folder that is readable but unusable; the message is shown to admins as is.</summary>
internal sealed class PluginLoadException(string message) : Exception(message);
