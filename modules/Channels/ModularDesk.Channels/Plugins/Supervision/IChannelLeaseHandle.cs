namespace ModularDesk.Channels.Plugins.Supervision;

/// <summary>A held lease; disposing releases it.</summary>
internal interface IChannelLeaseHandle : IAsyncDisposable
{
    /// <summary>Cancelled when the lease was lost (e.g. the database connection that held it broke).</summary>
    CancellationToken Lost { get; }
}
