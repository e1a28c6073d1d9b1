using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace ModularDesk.History.Paging;

/// <summary>
/// The position after the last row of a page, newest first: (time, id). A page continues strictly below it, so rows
/// that arrive while someone pages (newer ones) neither repeat nor push rows out of later pages.
/// </summary>
internal readonly record struct KeysetCursor(DateTimeOffset At, Guid Id)
{
    public string Encode() =>
        WebEncoders.Base64UrlEncode(Encoding.ASCII.GetBytes(
            At.UtcTicks.ToString(CultureInfo.InvariantCulture) + "_" + Id.ToString("N")));

    public static bool TryDecode(string? text, out KeysetCursor? cursor)
    {
        cursor = null;
        if (text is null)
        {
            return true;
        }

        try
        {
            var parts = Encoding.ASCII.GetString(WebEncoders.Base64UrlDecode(text)).Split('_');
            if (parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks is >= 0 and <= 3155378975999999999
                && Guid.TryParseExact(parts[1], "N", out var id))
            {
                cursor = new KeysetCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
                return true;
            }
        }
        catch (FormatException)
        {
        }

        return false;
    }
}
