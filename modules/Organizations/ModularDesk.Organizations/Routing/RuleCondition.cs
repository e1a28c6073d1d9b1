using ModularDesk.Organizations.Contracts.Routing;
using ModularDesk.Organizations.Settings;

namespace ModularDesk.Organizations.Routing;

/// <summary>
/// One condition of a rule, validated: <see cref="Values"/> holds the value (one for <c>eq</c>/<c>contains</c>,
/// several for <c>in</c> or a list given to <c>contains</c>) lower-cased; <see cref="Flag"/> the boolean of
/// <c>isVip</c> and <c>workingHours</c>.
/// </summary>
internal sealed record RuleCondition(string Field, string Op, IReadOnlyList<string> Values, bool Flag)
{
    public bool Matches(TicketRoutingFacts ticket, RoutingSettings settings) => Field switch
    {
        "organization" => ticket.OrganizationId is { } org && Values.Contains(org.ToString()),
        "channel" => Values.Contains(ticket.ChannelId.ToString()) || Values.Contains(ticket.ChannelType.ToLowerInvariant()),
        "isVip" => ticket.IsVip == Flag,
        "language" => Text(ticket.Language),
        "subject" => Text(ticket.Subject),
        "text" => Text(ticket.Text),
        "customerType" => Text(ticket.CustomerType),
        "workingHours" => settings.IsWorkingTime(ticket.CreatedAt) == Flag,
        _ => false,
    };

    private bool Text(string? actual)
    {
        if (actual is null)
        {
            return false;
        }

        return Op switch
        {
            "contains" => Values.Any(v => actual.Contains(v, StringComparison.OrdinalIgnoreCase)),
            _ => Values.Any(v => string.Equals(actual.Trim(), v, StringComparison.OrdinalIgnoreCase)),
        };
    }
}
