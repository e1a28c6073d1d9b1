namespace ModularDesk.Channels.Outbound;

/// <summary>
/// What may be sent to one address on one channel now, from the channel type's rules (<see cref="ChannelRules"/>)
/// and the contact's state. The queue refuses by it and the reachability answer reports it, so both always agree.
/// </summary>
internal sealed record SendingRules(bool CanSendText, bool CanSendTemplate, DateTimeOffset? WindowClosesAt, bool WindowOpen, string? Reason)
{
    public static SendingRules Evaluate(string pluginId, bool supportsTemplates, ContactState state, DateTimeOffset now)
    {
        var windowed = ChannelRules.HasWindow(pluginId);
        var closesAt = windowed ? state.LastInboundAt + ChannelRules.Window : null;
        var windowOpen = !windowed || (closesAt is { } at && now < at);
        var blocked = state.OptedOut || state.IsUnreachable;
        var canSendText = !blocked && windowOpen;
        var canSendTemplate = !blocked && supportsTemplates && (windowOpen || ChannelRules.TemplatesOutsideWindow(pluginId));

        string? reason = null;
        if (state.OptedOut)
        {
            reason = "opted-out";
        }
        else if (state.IsUnreachable)
        {
            reason = (pluginId == "email" ? "bounced: " : "blocked: ") + state.UnreachableReason;
        }
        else if (!windowOpen)
        {
            reason = "window-closed";
        }

        return new SendingRules(canSendText, canSendTemplate, closesAt, windowOpen, reason);
    }
}
