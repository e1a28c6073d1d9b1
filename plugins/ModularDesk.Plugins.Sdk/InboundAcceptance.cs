namespace ModularDesk.Plugins.Sdk;

/// <summary>The answer of <see cref="IInboundSink.AcceptAsync"/>.</summary>
/// <param name="InboxId">The inbox entry's id (of the earlier entry when a duplicate).</param>
/// <param name="Duplicate">Whether this external message id was already stored for this channel.</param>
public sealed record InboundAcceptance(Guid InboxId, bool Duplicate);
