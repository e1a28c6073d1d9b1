namespace ModularDesk.Channels.Inbox;

/// <summary>The inbox entry a message ended up in, and whether it was already there.</summary>
internal readonly record struct InboxAcceptance(Guid InboxId, bool Duplicate);
