using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.BuildingBlocks.Security;
using ModularDesk.Channels.Contracts.Outbound;
using ModularDesk.Clients.Contracts.Directory;
using ModularDesk.Organizations.Contracts.Directory;
using ModularDesk.Tickets.Messages;
using ModularDesk.Tickets.Persistence;
using ModularDesk.Tickets.Tickets;

namespace ModularDesk.Tickets.Panel;

/// <summary>
/// T4: everything the ticket page shows about the client in one call and a fixed number of queries, whatever the
/// client's history: the ticket (1), the card with contacts (1 call to Clients), the five newest other tickets and the
/// newest attachments (1 query each, on (client_id, id desc) indexes), the organization (1 call), reachability
/// (1 call to Channels for all contacts).
/// </summary>
internal static class ClientPanelEndpoint
{
    private const int LastTickets = 5;
    private const int RecentAttachments = 10;

    public static void MapClientPanelEndpoint(this IEndpointRouteBuilder api) =>
        api.MapGet("/tickets/{id}/client-panel", GetAsync).RequireAuthorization(Policies.Agent).WithTags("Tickets")
            .WithName("GetTicketClientPanel")
            .WithSummary("The client's contacts, note, organization, five newest other tickets, recent attachments and reachability.");

    private static async Task<IResult> GetAsync(
        string id, TicketsDbContext db, [FromServices] IClientDirectory clients, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var ticketId))
        {
            return TicketEndpoints.TicketNotFound();
        }

        var clientId = await db.Tickets.AsNoTracking().Where(t => t.Id == ticketId).Select(t => (Guid?)t.ClientId)
            .SingleOrDefaultAsync(cancellationToken);
        if (clientId is null)
        {
            return TicketEndpoints.TicketNotFound();
        }

        var client = await clients.FindAsync(clientId.Value, cancellationToken);
        var lastTickets = await db.Tickets.AsNoTracking()
            .Where(t => t.ClientId == clientId && t.Id != ticketId)
            .OrderByDescending(t => t.Id)
            .Take(LastTickets)
            .Select(t => new PanelTicket(t.Id, t.Number, t.Subject, t.Status, t.ChannelType, t.CreatedAt, t.LastMessageAt))
            .ToListAsync(cancellationToken);
        var attachments = await db.Attachments.AsNoTracking()
            .Where(a => a.ClientId == clientId)
            .OrderByDescending(a => a.Id)
            .Take(RecentAttachments)
            .ToListAsync(cancellationToken);

        OrganizationSummary? organization = null;
        if (client?.OrganizationId is { } organizationId && services.GetService<IOrganizationDirectory>() is { } organizations)
        {
            organization = await organizations.FindAsync(organizationId, cancellationToken);
        }

        IReadOnlyList<ContactReachabilityInfo> reachability = [];
        var recipients = client?.Contacts.Select(ToRecipient).OfType<OutboundRecipient>().ToList() ?? [];
        if (recipients.Count > 0 && services.GetService<IContactReachability>() is { } reach)
        {
            reachability = await reach.CheckAsync(clientId, recipients, cancellationToken);
        }

        return TypedResults.Ok(new ClientPanelView(
            client is null ? null : PanelClient.From(client),
            client?.Note,
            organization is null ? null : new PanelOrganization(organization.Id, organization.Name, organization.Domains, organization.IsVip, organization.Note),
            lastTickets,
            attachments.Select(AttachmentView.From).ToList(),
            reachability));
    }

    private static OutboundRecipient? ToRecipient(ClientContact contact) => contact.Kind switch
    {
        "email" => new OutboundRecipient("email", contact.Value),
        "phone" => new OutboundRecipient("phone", contact.Value),
        "messenger" => new OutboundRecipient("messenger", contact.Value, contact.Label),
        "externalId" => new OutboundRecipient("externalId", contact.Value, contact.Label),
        _ => null,
    };
}

internal sealed record ClientPanelView(
    PanelClient? Client,
    string? Note,
    PanelOrganization? Organization,
    IReadOnlyList<PanelTicket> LastTickets,
    IReadOnlyList<AttachmentView> Attachments,
    IReadOnlyList<ContactReachabilityInfo> Reachability);

internal sealed record PanelClient(
    Guid Id, string Name, string? AvatarUrl, string? Language, Guid? OrganizationId, bool IsVip, bool IsSpammer, string? CustomerType,
    IReadOnlyList<ClientContact> Contacts)
{
    public static PanelClient From(ClientSummary c) =>
        new(c.Id, c.Name, c.AvatarUrl, c.Language, c.OrganizationId, c.IsVip, c.IsSpammer, c.CustomerType, c.Contacts);
}

internal sealed record PanelOrganization(Guid Id, string Name, IReadOnlyList<string> Domains, bool IsVip, string? Note);

internal sealed record PanelTicket(
    Guid Id, long Number, string Subject, string Status, string ChannelType, DateTimeOffset CreatedAt, DateTimeOffset LastMessageAt);
