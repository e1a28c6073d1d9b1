namespace ModularDesk.Organizations.Settings;

/// <summary><c>PUT /api/v1/settings/organizations</c>; an omitted field keeps its value.</summary>
internal sealed record OrganizationSettingsRequest(bool? AutoCreateFromEmailDomain, IReadOnlyList<string?>? FreeMailDomains);

internal sealed record OrganizationSettingsView(bool AutoCreateFromEmailDomain, IReadOnlyList<string> FreeMailDomains);

/// <summary><c>PUT /api/v1/settings/routing</c>; an omitted field keeps its value.</summary>
internal sealed record RoutingSettingsRequest(string? TimeZone, WorkingHoursView? WorkingHours);

internal sealed record RoutingSettingsView(string TimeZone, WorkingHoursView WorkingHours)
{
    public static RoutingSettingsView From(RoutingSettings settings) =>
        new(settings.TimeZone, new WorkingHoursView(settings.Days, settings.From, settings.To));
}

/// <summary>Working days (<c>mon</c>…<c>sun</c>) and local hours <c>HH:mm</c>; <c>to</c> before <c>from</c> spans midnight.</summary>
internal sealed record WorkingHoursView(IReadOnlyList<string>? Days, string? From, string? To);
