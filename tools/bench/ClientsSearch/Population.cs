using System.Globalization;
using System.Text;
using PhoneNumbers;

namespace ClientsSearch;

/// <summary>One seeded card and its contacts, derived from its index alone (so any card can be re-derived later).</summary>
internal sealed record SeedClient(int Index, Guid Id, string Name, string Language, bool Hidden, IReadOnlyList<SeedContact> Contacts);

/// <param name="Kind">email, phone, messenger or externalId.</param>
/// <param name="Value">stored form (email as entered, phone E.164, id as given).</param>
/// <param name="Label">email label, phone type, messenger, external id source.</param>
/// <param name="Scope">identity scope (messenger or source, else empty).</param>
/// <param name="Key">identity key (lower-case email, canonical phone, id).</param>
internal sealed record SeedContact(Guid Id, string Kind, string Value, string Display, string? Label, string Scope, string Key, string? National);

internal static class Population
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();
    private static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A bijection of [0, 10^8): unique 8-digit number parts per card.</summary>
    private static long Unique8(int index) => (index * 48271L + 12345L) % 100_000_000L;

    public static DateTimeOffset CreatedAt(int index) => Epoch.AddSeconds(index * 60L);

    public static SeedClient Client(int index)
    {
        var random = new Random(index * 7919 + 17);
        var language = Names.PickLanguage(random);
        var (name, given, surname) = Names.Person(random, language);
        var id = GuidFrom(index, 0);
        var contacts = new List<SeedContact>(3);
        var u = Unique8(index).ToString("D8", CultureInfo.InvariantCulture);
        var local = Ascii(given.Split(' ')[0]) + "." + Ascii(surname).Replace(" ", ".", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal);
        var wantsEmail = random.NextDouble() < 0.93;
        var wantsPhone = !wantsEmail || random.NextDouble() < 0.82;
        if (wantsEmail)
        {
            var domain = language.Domains[random.Next(language.Domains.Length)];
            // As an agent or a channel wrote it: mostly lower-case, sometimes capitalized.
            var address = $"{local}{index.ToString(CultureInfo.InvariantCulture)}@{domain}";
            address = random.Next(4) == 0 ? address : address.ToLowerInvariant();
            contacts.Add(new SeedContact(GuidFrom(index, 1), "email", address, address, random.Next(2) == 0 ? "private" : "business", "", address.ToLowerInvariant(), null));
        }

        string? phoneDigits = null;
        if (wantsPhone)
        {
            var (country, national) = language.Code switch
            {
                "pl" => ("48", "6" + u),
                "pt" when random.Next(5) < 2 => ("55", "119" + u),
                "pt" => ("351", "9" + u),
                "es" => ("34", "6" + u),
                "de" => ("49", "151" + u),
                "fr" => ("33", "6" + u),
                "ru" => ("7", "90" + u),
                "uk" => ("380", "6" + u),
                "it" => ("39", "34" + u),
                _ => ("44", "74" + u),
            };
            var e164 = "+" + country + national;
            var parsed = Phones.Parse(e164, "ZZ");
            var display = Phones.Format(parsed, PhoneNumberFormat.INTERNATIONAL);
            phoneDigits = country + national;
            contacts.Add(new SeedContact(GuidFrom(index, 2), "phone", e164, display, "mobile", "", CanonicalKey(e164), Phones.Format(parsed, PhoneNumberFormat.NATIONAL)));
        }

        // 2–3 identities: a third (or a second when only one so far) messenger id or external id.
        if (contacts.Count < 2 || random.NextDouble() < 0.45)
        {
            var roll = random.NextDouble();
            if (roll < 0.25)
            {
                var telegram = random.Next(2) == 0
                    ? (5_000_000_000L + index * 3L).ToString(CultureInfo.InvariantCulture)
                    : "@" + Ascii(given.Split(' ')[0]).ToLowerInvariant() + "_" + Ascii(surname).ToLowerInvariant().Replace(" ", "_", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal) + index.ToString(CultureInfo.InvariantCulture);
                var key = telegram.StartsWith('@') ? telegram[1..].ToLowerInvariant() : telegram;
                contacts.Add(new SeedContact(GuidFrom(index, 3), "messenger", telegram, telegram, "telegram", "telegram", key, null));
            }
            else if (roll < 0.45)
            {
                var wa = phoneDigits ?? ("4477" + u);
                contacts.Add(new SeedContact(GuidFrom(index, 3), "messenger", wa, wa, "whatsapp", "whatsapp", wa, null));
            }
            else
            {
                var (source, externalId) = random.Next(3) switch
                {
                    0 => ("shop", "u-" + index.ToString(CultureInfo.InvariantCulture)),
                    1 => ("crm", "C" + index.ToString("D8", CultureInfo.InvariantCulture)),
                    _ => ("erp", (70_000_000L + index).ToString(CultureInfo.InvariantCulture)),
                };
                contacts.Add(new SeedContact(GuidFrom(index, 3), "externalId", externalId, externalId, source, source, externalId, null));
            }
        }

        return new SeedClient(index, id, name, language.Code, random.NextDouble() < 0.01, contacts);
    }

    /// <summary>Same as the module's <c>PhoneNumberReader.CanonicalKey</c> (Brazil's 9th digit, Mexico's 1, Argentina's 9).</summary>
    public static string CanonicalKey(string e164)
    {
        var digits = e164.TrimStart('+');
        if (digits.Length == 13 && digits.StartsWith("55", StringComparison.Ordinal) && digits[4] == '9')
        {
            digits = digits[..4] + digits[5..];
        }
        else if (digits.Length == 13 && digits.StartsWith("521", StringComparison.Ordinal))
        {
            digits = "52" + digits[3..];
        }
        else if (digits.Length == 13 && digits.StartsWith("549", StringComparison.Ordinal))
        {
            digits = "54" + digits[3..];
        }

        return "+" + digits;
    }

    /// <summary>Time-ordered ids like the module's (UUID v7 layout), unique per card and slot.</summary>
    public static Guid GuidFrom(int index, int slot)
    {
        Span<byte> bytes = stackalloc byte[16];
        var millis = CreatedAt(index).ToUnixTimeMilliseconds();
        bytes[0] = (byte)(millis >> 40);
        bytes[1] = (byte)(millis >> 32);
        bytes[2] = (byte)(millis >> 24);
        bytes[3] = (byte)(millis >> 16);
        bytes[4] = (byte)(millis >> 8);
        bytes[5] = (byte)millis;
        bytes[6] = 0x70;
        bytes[7] = (byte)slot;
        bytes[8] = 0x80;
        bytes[9] = 0;
        bytes[10] = (byte)(index >> 24);
        bytes[11] = (byte)(index >> 16);
        bytes[12] = (byte)(index >> 8);
        bytes[13] = (byte)index;
        bytes[14] = 0x5e;
        bytes[15] = 0xed;
        return new Guid(bytes, bigEndian: true);
    }

    private static readonly Dictionary<char, string> Cyrillic = new()
    {
        ['а'] = "a", ['б'] = "b", ['в'] = "v", ['г'] = "g", ['ґ'] = "g", ['д'] = "d", ['е'] = "e", ['ё'] = "e", ['є'] = "ye", ['ж'] = "zh",
        ['з'] = "z", ['и'] = "i", ['і'] = "i", ['ї'] = "yi", ['й'] = "y", ['к'] = "k", ['л'] = "l", ['м'] = "m", ['н'] = "n", ['о'] = "o",
        ['п'] = "p", ['р'] = "r", ['с'] = "s", ['т'] = "t", ['у'] = "u", ['ф'] = "f", ['х'] = "kh", ['ц'] = "ts", ['ч'] = "ch", ['ш'] = "sh",
        ['щ'] = "shch", ['ъ'] = "", ['ы'] = "y", ['ь'] = "", ['э'] = "e", ['ю'] = "yu", ['я'] = "ya", ['\''] = "",
    };

    /// <summary>ASCII for an address: accents dropped, ł → l, ß → ss, Cyrillic transliterated.</summary>
    public static string Ascii(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in WithoutAccents(text).ToLowerInvariant())
        {
            if (Cyrillic.TryGetValue(c, out var latin))
            {
                builder.Append(latin);
            }
            else if (c is >= 'a' and <= 'z' or >= '0' and <= '9' or ' ' or '-')
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>What a person types without accents: é → e, ł → l, ß → ss, ё → е (Cyrillic otherwise as is).</summary>
    public static string WithoutAccents(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var original in text)
        {
            if (original is 'й' or 'Й' or 'ї' or 'Ї')
            {
                builder.Append(original);
                continue;
            }

            foreach (var c in original.ToString().Normalize(NormalizationForm.FormD))
            {
                if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
                {
                    builder.Append(c switch { 'ł' => "l", 'Ł' => "L", 'ß' => "ss", _ => c.ToString() });
                }
            }
        }

        return builder.ToString();
    }
}
