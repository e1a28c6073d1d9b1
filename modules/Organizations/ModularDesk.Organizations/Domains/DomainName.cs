using System.Globalization;
using System.Text.RegularExpressions;

namespace ModularDesk.Organizations.Domains;

/// <summary>Email domains as the module stores them: trimmed, lower-case, IDN in its ASCII (punycode) form.</summary>
internal static partial class DomainName
{
    private static readonly IdnMapping Idn = new();

    /// <summary>The stored form of <paramref name="value"/> ("@Acme.PL " → "acme.pl"), or null when it is no domain.</summary>
    public static string? Normalize(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var domain = value.Trim().TrimStart('@').TrimEnd('.').ToLowerInvariant();
        try
        {
            domain = Idn.GetAscii(domain);
        }
        catch (ArgumentException)
        {
            return null;
        }

        return domain.Length <= Cards.OrganizationRules.MaxDomainLength && Pattern().IsMatch(domain) ? domain : null;
    }

    /// <summary>The domain of an email address (after the last @), normalized; null when there is none.</summary>
    public static string? OfEmail(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return null;
        }

        var at = email.LastIndexOf('@');
        return at <= 0 || at == email.Length - 1 ? null : Normalize(email[(at + 1)..].Trim().TrimEnd('>'));
    }

    // Labels of letters, digits and inner hyphens; at least two labels; the last one not all digits.
    [GeneratedRegex("^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
