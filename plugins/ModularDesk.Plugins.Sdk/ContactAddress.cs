namespace ModularDesk.Plugins.Sdk;

/// <summary>An address a client can be reached at on a channel.</summary>
/// <param name="Kind">What sort of address <paramref name="Value"/> is.</param>
/// <param name="Value">The address itself: an email address, an E.164 phone number, a messenger user id.</param>
/// <param name="Messenger">For <see cref="SenderKind.Messenger"/>: which one (<c>telegram</c>, <c>whatsapp</c>, …).</param>
public sealed record ContactAddress(SenderKind Kind, string Value, string? Messenger = null);
