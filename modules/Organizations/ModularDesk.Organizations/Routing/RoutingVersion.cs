namespace ModularDesk.Organizations.Routing;

/// <summary>
/// One row whose <see cref="Version"/> goes up with every change to routing rules or routing settings: each
/// host's rule cache compares it (one primary-key read per routed ticket) and reloads only when it moved.
/// </summary>
internal sealed class RoutingVersion
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public long Version { get; set; }
}
