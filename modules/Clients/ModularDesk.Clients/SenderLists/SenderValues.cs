using ModularDesk.Clients.Identities;

namespace ModularDesk.Clients.SenderLists;

/// <summary>
/// How list entries and senders are compared: emails lower-cased, <c>@domain</c> lower-cased, phones by their
/// canonical key, anything else (messenger ids, external ids) as written.
/// </summary>
internal static class SenderValues
{
    /// <summary>The stored form of a list entry, or null with the reason it is not one.</summary>
    public static string? Normalize(string? value, out string? error)
    {
        error = null;
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            error = "Required: an address or @domain.";
            return null;
        }

        if (text.Length > 320)
        {
            error = "At most 320 characters.";
            return null;
        }

        if (text.StartsWith('@'))
        {
            var domain = text[1..].ToLowerInvariant();
            if (domain.Length == 0 || !domain.Contains('.') || domain.Any(char.IsWhiteSpace) || domain.Contains('@'))
            {
                error = "A domain is written @example.com.";
                return null;
            }

            return "@" + domain;
        }

        if (text.Contains('@'))
        {
            var email = ContactNormalizer.ReadEmail(text, out error);
            return email?.ToLowerInvariant();
        }

        if (text.StartsWith('+') && text.Skip(1).All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '(' or ')' or '.'))
        {
            var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
            return PhoneNumberReader.CanonicalKey("+" + digits);
        }

        return text;
    }

    /// <summary>What a sender's identity is checked against: the key itself and, for an email, its <c>@domain</c>.</summary>
    public static string[] CandidatesFor(IdentityKey identity)
    {
        if (identity.Kind == ContactKinds.Email && identity.Key.LastIndexOf('@') is var at and > 0)
        {
            return [identity.Key, identity.Key[at..]];
        }

        return [identity.Key];
    }
}
