using System.Globalization;
using System.Text;

namespace ModularDesk.Organizations.Cards;

/// <summary>Limits of an organization card and the name key search uses.</summary>
internal static class OrganizationRules
{
    public const int MaxNameLength = 300;
    public const int MaxNoteLength = 10_000;
    public const int MaxDomainLength = 253;
    public const int MaxDomains = 100;
    public const int MaxSites = 50;
    public const int MaxPhones = 50;
    public const int MaxCustomFields = 200;

    /// <summary>Lower-case without diacritics ("Łódź Café" → "lodz cafe"), so searches tolerate missing accents.</summary>
    public static string SearchKey(string name)
    {
        var decomposed = name.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                case UnicodeCategory.NonSpacingMark:
                    continue;
                default:
                    builder.Append(c switch
                    {
                        'ł' => "l",
                        'đ' => "d",
                        'ø' => "o",
                        'ß' => "ss",
                        'æ' => "ae",
                        'œ' => "oe",
                        'ı' => "i",
                        _ => c.ToString(),
                    });
                    break;
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }
}
