namespace ModularDesk.Plugins.Sdk;

/// <summary>What sort of address identifies a sender or recipient.</summary>
public enum SenderKind
{
    /// <summary>An email address.</summary>
    Email,

    /// <summary>A phone number (E.164, e.g. <c>+48601234567</c>).</summary>
    Phone,

    /// <summary>A user id in a messenger; the messenger is named separately.</summary>
    Messenger,

    /// <summary>An id in an external system (a shop's customer id).</summary>
    ExternalId,

    /// <summary>A social network profile URL.</summary>
    Social,
}
