namespace ModularDesk.Tickets.Tickets;

internal static class TicketStatuses
{
    public const string New = "new";
    public const string Open = "open";
    public const string Pending = "pending";
    public const string Resolved = "resolved";
    public const string Closed = "closed";
    public const string Spam = "spam";

    public static readonly IReadOnlyList<string> All = [New, Open, Pending, Resolved, Closed, Spam];

    /// <summary>Statuses counted as someone's work (least-loaded routing, the agent's queue).</summary>
    public static readonly string[] Active = [New, Open, Pending];

    public static bool IsKnown(string? status) => status is not null && All.Contains(status);

    public static bool IsDone(string status) => status is Resolved or Closed;
}

internal static class TicketPriorities
{
    public const string Low = "low";
    public const string Normal = "normal";
    public const string High = "high";
    public const string Urgent = "urgent";

    public static readonly IReadOnlyList<string> All = [Low, Normal, High, Urgent];

    public static bool IsKnown(string? priority) => priority is not null && All.Contains(priority);
}
