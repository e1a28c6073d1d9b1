using ModularDesk.Plugins.Sdk;

namespace ModularDesk.Plugins.Email.Inbound;

/// <summary>A message as the connector hands it to the inbox, plus what it learned about failed deliveries.</summary>
/// <param name="Message">The inbound message (flags included).</param>
/// <param name="HardBounces">For a bounce: the recipients the server gave up on (status 5.x.x), with the reason.</param>
internal sealed record ParsedMail(InboundMessage Message, IReadOnlyList<(string Address, string Reason)> HardBounces);
