namespace ModularDesk.Host.Jobs;

internal static class JobQueues
{
    /// <summary>Ingestion first, so bulk work never starves incoming messages.</summary>
    public static readonly string[] All = ["ingestion", "default", "bulk"];
}
