namespace ModularDesk.Channels.Plugins.Supervision;

/// <summary>What a channel's receive loop is doing now.</summary>
internal enum ConnectorState
{
    NotStarted,
    WaitingForLease,
    Running,
    BackingOff,

    /// <summary>The plugin is missing, failed to load, or its connector does not pull: nothing to run.</summary>
    Idle,
    Stopped,
}
