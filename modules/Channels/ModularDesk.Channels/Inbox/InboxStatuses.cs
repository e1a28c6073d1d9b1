namespace ModularDesk.Channels.Inbox;

/// <summary>The stored spelling of <see cref="Contracts.Inbox.InboxStatus"/>.</summary>
internal static class InboxStatuses
{
    public const string Pending = "pending";
    public const string Processed = "processed";
    public const string Failed = "failed";

    public static Contracts.Inbox.InboxStatus Parse(string status) => status switch
    {
        Processed => Contracts.Inbox.InboxStatus.Processed,
        Failed => Contracts.Inbox.InboxStatus.Failed,
        _ => Contracts.Inbox.InboxStatus.Pending,
    };
}
