namespace ModularDesk.Clients.Contracts.Directory;

/// <summary>One contact of a card.</summary>
/// <param name="Id">The contact's id (as in the API).</param>
/// <param name="Kind"><c>email</c>, <c>phone</c>, <c>messenger</c>, <c>social</c>, <c>site</c> or <c>externalId</c>.</param>
/// <param name="Value">Normalized value: email as entered, phone E.164, messenger id, URL, external id.</param>
/// <param name="Display">How it is shown (formatted phone, email as entered).</param>
/// <param name="Label">Type or label (<c>mobile</c>, <c>business</c>, …), the messenger, the network or the source.</param>
/// <param name="Source">Where it came from: <c>channel</c>, <c>agent</c>, <c>import</c>, <c>api</c>, <c>merge</c>.</param>
public sealed record ClientContact(Guid Id, string Kind, string Value, string Display, string? Label, string Source);
