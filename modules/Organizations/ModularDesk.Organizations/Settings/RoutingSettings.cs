namespace ModularDesk.Organizations.Settings;

/// <summary>
/// The desk's time zone and working hours, for the <c>workingHours</c> routing condition. Days are
/// <c>mon</c>…<c>sun</c>; <see cref="From"/>–<see cref="To"/> are local times in <see cref="TimeZone"/> (IANA id).
/// </summary>
internal sealed record RoutingSettings(string TimeZone, IReadOnlyList<string> Days, string From, string To)
{
    public const string Key = "routing";

    public static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    public static RoutingSettings Default { get; } = new("UTC", ["mon", "tue", "wed", "thu", "fri"], "09:00", "17:00");

    /// <summary>Whether <paramref name="at"/> falls within the working hours, in the desk's time zone.</summary>
    public bool IsWorkingTime(DateTimeOffset at)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var found) ? found : TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var day = DayNames[(int)local.DayOfWeek];
        if (!Days.Contains(day))
        {
            return false;
        }

        var time = TimeOnly.FromDateTime(local.DateTime);
        var from = TimeOnly.ParseExact(From, "HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var to = TimeOnly.ParseExact(To, "HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        // "22:00"–"06:00" is a night shift across midnight.
        return from <= to ? time >= from && time < to : time >= from || time < to;
    }
}
