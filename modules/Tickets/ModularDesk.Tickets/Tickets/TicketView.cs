using System.Text.Json;
using ModularDesk.Tickets.Routing;

namespace ModularDesk.Tickets.Tickets;

/// <summary>A ticket as api.md shows it.</summary>
internal sealed record TicketView(
    Guid Id,
    long Number,
    string Subject,
    string Status,
    string Priority,
    Guid ChannelId,
    string ChannelType,
    Guid ClientId,
    Guid? OrganizationId,
    Guid? AssigneeAgentId,
    Guid? TeamId,
    IReadOnlyList<string> Tags,
    bool IsVip,
    string? Language,
    string? ReplyEmail,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset LastMessageAt,
    IReadOnlyList<FiredRuleView> FiredRules)
{
    public static TicketView From(Ticket t) => new(
        t.Id, t.Number, t.Subject, t.Status, t.Priority, t.ChannelId, t.ChannelType, t.ClientId, t.OrganizationId,
        t.AssigneeAgentId, t.TeamId, t.Tags, t.IsVip, t.Language, t.ReplyEmail, t.CreatedAt, t.UpdatedAt, t.LastMessageAt,
        ParseFiredRules(t.FiredRules));

    public static IReadOnlyList<FiredRuleView> ParseFiredRules(string json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<FiredRuleView>>(json, TicketRouting.Json) ?? [];
}

/// <summary>A ticket in a list (no fired rules).</summary>
internal sealed record TicketListItem(
    Guid Id,
    long Number,
    string Subject,
    string Status,
    string Priority,
    Guid ChannelId,
    string ChannelType,
    Guid ClientId,
    Guid? OrganizationId,
    Guid? AssigneeAgentId,
    Guid? TeamId,
    IReadOnlyList<string> Tags,
    bool IsVip,
    string? Language,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset LastMessageAt);
