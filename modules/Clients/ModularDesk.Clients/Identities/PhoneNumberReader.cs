using Microsoft.Extensions.Configuration;
using PhoneNumbers;

namespace ModularDesk.Clients.Identities;

/// <summary>
/// Reads phone numbers in any written form into E.164 (C4) and the canonical matching key that folds the
/// variants one person arrives under (Brazil's 9th mobile digit, Mexico's <c>+521</c>, Argentina's mobile <c>9</c>).
/// Numbers without a country prefix use the desk's default region (<c>Clients:DefaultPhoneRegion</c>), if set.
/// </summary>
internal sealed class PhoneNumberReader(IConfiguration configuration)
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public string? DefaultRegion
    {
        get
        {
            var region = configuration["Clients:DefaultPhoneRegion"];
            return string.IsNullOrWhiteSpace(region) ? null : region.Trim().ToUpperInvariant();
        }
    }

    /// <summary>The number as E.164 and formatted, or an error an agent can act on.</summary>
    public PhoneReadResult Read(string? input, string? regionOverride = null)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return PhoneReadResult.Fail("Required.");
        }

        var text = input.Trim();
        if (text.Length > 64)
        {
            return PhoneReadResult.Fail("At most 64 characters.");
        }

        if (text.StartsWith("00", StringComparison.Ordinal))
        {
            text = "+" + text[2..];
        }

        var region = regionOverride ?? DefaultRegion;
        if (!text.StartsWith('+') && region is null)
        {
            return PhoneReadResult.Fail("Add the country prefix (e.g. +48 601 234 567): the desk has no default phone region.");
        }

        PhoneNumber number;
        try
        {
            number = Util.Parse(text, region ?? "ZZ");
        }
        catch (NumberParseException)
        {
            return PhoneReadResult.Fail("Not a phone number.");
        }

        if (!Util.IsPossibleNumber(number))
        {
            return PhoneReadResult.Fail("Not a possible phone number for its country (check the number of digits).");
        }

        var e164 = Util.Format(number, PhoneNumberFormat.E164);
        var display = Util.Format(number, PhoneNumberFormat.INTERNATIONAL);
        return new PhoneReadResult(e164, display, CanonicalKey(e164), null);
    }

    /// <summary>
    /// The matching key of an E.164 number: the same person's number written with or without Brazil's extra 9,
    /// Mexico's mobile 1 or Argentina's mobile 9 gets one key.
    /// </summary>
    public static string CanonicalKey(string e164)
    {
        var digits = e164.TrimStart('+');

        // Brazil: +55 AA 9XXXX-XXXX (13 digits) and the older +55 AA XXXX-XXXX are one mobile.
        if (digits.Length == 13 && digits.StartsWith("55", StringComparison.Ordinal) && digits[4] == '9')
        {
            digits = digits[..4] + digits[5..];
        }

        // Mexico: +52 1 AAA… (13 digits) was the mobile form; +52 AAA… (12 digits) is the same line.
        else if (digits.Length == 13 && digits.StartsWith("521", StringComparison.Ordinal))
        {
            digits = "52" + digits[3..];
        }

        // Argentina: +54 9 AAA… is the international mobile form of +54 AAA….
        else if (digits.Length == 13 && digits.StartsWith("549", StringComparison.Ordinal))
        {
            digits = "54" + digits[3..];
        }

        return "+" + digits;
    }
}

internal sealed record PhoneReadResult(string? E164, string? Display, string? Key, string? Error)
{
    public bool Ok => Error is null;

    public static PhoneReadResult Fail(string error) => new(null, null, null, error);
}
