namespace ModularDesk.Clients.Identities;

/// <summary>A contact after validation: what is stored and shown, and the identity it claims (null for sites).</summary>
/// <param name="Value">Stored value: email as entered (trimmed), phone E.164, messenger/external id, normalized URL.</param>
/// <param name="Display">Shown value: email as entered, phone formatted internationally, URL as entered.</param>
/// <param name="Label">Phone type, email label, messenger, social network or external-id source.</param>
internal sealed record NormalizedContact(string Kind, string Value, string Display, string? Label, IdentityKey? Identity);

/// <summary>The unique matching key of an identity.</summary>
internal sealed record IdentityKey(string Kind, string Scope, string Key);
