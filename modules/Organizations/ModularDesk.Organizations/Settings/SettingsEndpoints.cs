using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.BuildingBlocks.Security;
using ModularDesk.Organizations.Domains;

namespace ModularDesk.Organizations.Settings;

/// <summary>Admin settings: <c>/api/v1/settings/organizations</c> (O2) and <c>/api/v1/settings/routing</c> (working hours).</summary>
internal static class SettingsEndpoints
{
    public const int MaxFreeMailDomains = 10_000;

    public static void MapSettingsEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/settings").RequireAuthorization(Policies.Admin).WithTags("Settings");
        group.MapGet("/organizations", GetOrganizationsAsync).WithName("GetOrganizationSettings")
            .WithSummary("Whether unknown email domains create organizations, and the free-mail domains that never do.");
        group.MapPut("/organizations", PutOrganizationsAsync).WithName("PutOrganizationSettings")
            .WithSummary("Changes auto-creation and/or replaces the free-mail list; an omitted field is kept.");
        group.MapGet("/routing", GetRoutingAsync).WithName("GetRoutingSettings")
            .WithSummary("The desk's time zone and working hours, used by the workingHours routing condition.");
        group.MapPut("/routing", PutRoutingAsync).WithName("PutRoutingSettings")
            .WithSummary("Changes the time zone (IANA id) and/or working hours; an omitted field is kept.");
    }

    private static async Task<IResult> GetOrganizationsAsync(SettingsStore store, CancellationToken cancellationToken)
    {
        var settings = await store.GetOrganizationSettingsAsync(cancellationToken);
        return TypedResults.Ok(new OrganizationSettingsView(settings.AutoCreateFromEmailDomain, settings.FreeMailDomains));
    }

    private static async Task<IResult> PutOrganizationsAsync(
        OrganizationSettingsRequest? request, SettingsStore store, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return Problems.Validation("body", "A JSON object is required.");
        }

        var current = await store.GetOrganizationSettingsAsync(cancellationToken);
        var domains = current.FreeMailDomains.ToList();
        if (request.FreeMailDomains is { } requested)
        {
            if (requested.Count > MaxFreeMailDomains)
            {
                return Problems.Validation("freeMailDomains", $"At most {MaxFreeMailDomains} domains.");
            }

            var errors = new ValidationErrors();
            domains = [];
            for (var i = 0; i < requested.Count; i++)
            {
                if (DomainName.Normalize(requested[i]) is { } domain)
                {
                    if (!domains.Contains(domain))
                    {
                        domains.Add(domain);
                    }
                }
                else
                {
                    errors.Add($"freeMailDomains[{i}]", "Not an email domain (like gmail.com).");
                }
            }

            if (!errors.IsEmpty)
            {
                return Problems.Validation(errors.ToDictionary());
            }
        }

        var saved = new OrganizationSettings(request.AutoCreateFromEmailDomain ?? current.AutoCreateFromEmailDomain, domains);
        await store.SaveOrganizationSettingsAsync(saved, cancellationToken);
        return TypedResults.Ok(new OrganizationSettingsView(saved.AutoCreateFromEmailDomain, saved.FreeMailDomains));
    }

    private static async Task<IResult> GetRoutingAsync(SettingsStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(RoutingSettingsView.From(await store.GetRoutingSettingsAsync(cancellationToken)));

    private static async Task<IResult> PutRoutingAsync(RoutingSettingsRequest? request, SettingsStore store, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return Problems.Validation("body", "A JSON object is required.");
        }

        var current = await store.GetRoutingSettingsAsync(cancellationToken);
        var errors = new ValidationErrors();
        var timeZone = request.TimeZone?.Trim() ?? current.TimeZone;
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
        {
            errors.Add("timeZone", "Not a time zone id (like Europe/Warsaw or UTC).");
        }

        var days = request.WorkingHours?.Days?.Select(d => d.Trim().ToLowerInvariant()).Distinct().ToList() ?? current.Days.ToList();
        for (var i = 0; i < days.Count; i++)
        {
            if (!RoutingSettings.DayNames.Contains(days[i]))
            {
                errors.Add($"workingHours.days[{i}]", "One of mon, tue, wed, thu, fri, sat, sun.");
            }
        }

        var from = request.WorkingHours?.From?.Trim() ?? current.From;
        var to = request.WorkingHours?.To?.Trim() ?? current.To;
        if (!IsTime(from))
        {
            errors.Add("workingHours.from", "A time HH:mm.");
        }

        if (!IsTime(to))
        {
            errors.Add("workingHours.to", "A time HH:mm.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var saved = new RoutingSettings(timeZone, days, from, to);
        await store.SaveRoutingSettingsAsync(saved, cancellationToken);
        return TypedResults.Ok(RoutingSettingsView.From(saved));
    }

    private static bool IsTime(string value) =>
        TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
