using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using ModularDesk.Agents.Contracts;
using ModularDesk.BuildingBlocks.Contracts;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.BuildingBlocks.Security;
using ModularDesk.Channels.Contracts;
using ModularDesk.Clients.Contracts.Directory;
using ModularDesk.Tickets.Contracts.Events;
using ModularDesk.Tickets.Ingestion;
using ModularDesk.Tickets.Messages;
using ModularDesk.Tickets.Persistence;
using ModularDesk.Tickets.Routing;

namespace ModularDesk.Tickets.Tickets;

/// <summary>
/// <c>/api/v1/tickets</c> (T1, T5, T7) and the ticket lists of a client and of an organization. Every route needs a
/// signed-in agent; tickets are the desk's shared work, so any agent may read and change any ticket.
/// </summary>
internal static class TicketEndpoints
{
    private const int MaxTags = 50;
    private const int MaxTagLength = 100;

    public static void MapTicketEndpoints(this IEndpointRouteBuilder api)
    {
        var tickets = api.MapGroup("/tickets").RequireAuthorization(Policies.Agent).WithTags("Tickets");
        tickets.MapGet("/", ListAsync).WithName("ListTickets")
            .WithSummary("Tickets newest first, filtered by client, organization, status, assignee and a text query (number or subject).");
        tickets.MapPost("/", CreateAsync).WithName("CreateTicket").WithSummary("An agent opens a ticket for a client (T7).");
        tickets.MapGet("/{id}", GetAsync).WithName("GetTicket");
        tickets.MapPatch("/{id}", UpdateAsync).WithName("UpdateTicket")
            .WithSummary("Status, priority, assignee, team and tags (JSON merge patch); If-Match → 412 when stale.");
        tickets.MapPost("/{id}/change-client", ChangeClientAsync).WithName("ChangeTicketClient")
            .WithSummary("Moves the ticket and its messages to another client (T5).");
        tickets.MapPut("/{id}/reply-address", SetReplyAddressAsync).WithName("SetTicketReplyAddress")
            .WithSummary("Which of the client's emails replies go to (T5); 400 when it is not one of them.");
        tickets.MapPost("/{id}/route", RouteAsync).WithName("RouteTicket").WithSummary("Runs the routing rules again and applies them.");

        api.MapGet("/clients/{id}/tickets", ClientTicketsAsync).RequireAuthorization(Policies.Agent).WithTags("Tickets")
            .WithName("ListClientTickets").WithSummary("The client's tickets, newest first.");
        api.MapGet("/organizations/{id}/tickets", OrganizationTicketsAsync).RequireAuthorization(Policies.Agent).WithTags("Tickets")
            .WithName("ListOrganizationTickets").WithSummary("Tickets of the organization and of all its people, newest first.");
    }

    public static ChangeActor AgentActor(ClaimsPrincipal user) =>
        new("agent", user.AgentId(), user.FindFirstValue(ClaimTypes.Name) ?? "agent");

    public static string ETag(Ticket ticket) => EntityVersions.ETag(ticket.Version);

    public static IResult TicketNotFound() => Problems.NotFound("No ticket has this id.");

    public static async Task<Ticket?> FindAsync(TicketsDbContext db, string id, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var ticketId)
            ? await db.Tickets.SingleOrDefaultAsync(t => t.Id == ticketId, cancellationToken)
            : null;

    private static async Task<IResult> ListAsync(
        Guid? clientId, Guid? organizationId, string? status, Guid? assigneeAgentId, string? q, int? limit, string? cursor,
        TicketsDbContext db, CancellationToken cancellationToken)
    {
        if (status is not null && !TicketStatuses.IsKnown(status))
        {
            return Problems.Validation("status", $"One of {string.Join(", ", TicketStatuses.All)}.");
        }

        var query = db.Tickets.AsNoTracking();
        if (clientId is { } client)
        {
            query = query.Where(t => t.ClientId == client);
        }

        if (organizationId is { } organization)
        {
            query = query.Where(t => t.OrganizationId == organization);
        }

        if (status is not null)
        {
            query = query.Where(t => t.Status == status);
        }

        if (assigneeAgentId is { } assignee)
        {
            query = query.Where(t => t.AssigneeAgentId == assignee);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim();
            var number = long.TryParse(text.TrimStart('#'), out var n) ? n : -1;
            var pattern = "%" + text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            query = query.Where(t => t.Number == number || EF.Functions.ILike(t.Subject, pattern));
        }

        return await PageAsync(query, limit, cursor, cancellationToken);
    }

    private static async Task<IResult> ClientTicketsAsync(
        string id, int? limit, string? cursor, TicketsDbContext db, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var clientId))
        {
            return Problems.NotFound("No client has this id.");
        }

        return await PageAsync(db.Tickets.AsNoTracking().Where(t => t.ClientId == clientId), limit, cursor, cancellationToken);
    }

    private static async Task<IResult> OrganizationTicketsAsync(
        string id, int? limit, string? cursor, TicketsDbContext db, [FromServices] IClientDirectory clients, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var organizationId))
        {
            return Problems.NotFound("No organization has this id.");
        }

        var people = (await clients.ListIdsInOrganizationAsync(organizationId, cancellationToken)).ToList();
        var query = db.Tickets.AsNoTracking().Where(t => t.OrganizationId == organizationId || people.Contains(t.ClientId));
        return await PageAsync(query, limit, cursor, cancellationToken);
    }

    /// <summary>Keyset paging by id descending (uuid v7: newest first); the cursor is the last id of the page.</summary>
    private static async Task<IResult> PageAsync(IQueryable<Ticket> query, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var page = PageRequest.From(limit, cursor);
        if (page.Cursor is not null)
        {
            if (!Guid.TryParse(page.Cursor, out var after))
            {
                return Problems.Validation("cursor", "Not a cursor this list returned.");
            }

            query = query.Where(t => t.Id.CompareTo(after) < 0);
        }

        var rows = await query.OrderByDescending(t => t.Id).Take(page.Limit + 1)
            .Select(t => new TicketListItem(
                t.Id, t.Number, t.Subject, t.Status, t.Priority, t.ChannelId, t.ChannelType, t.ClientId, t.OrganizationId,
                t.AssigneeAgentId, t.TeamId, t.Tags, t.IsVip, t.Language, t.CreatedAt, t.UpdatedAt, t.LastMessageAt))
            .ToListAsync(cancellationToken);
        var next = rows.Count > page.Limit ? rows[page.Limit - 1].Id.ToString() : null;
        return TypedResults.Ok(new Page<TicketListItem>(rows.Take(page.Limit).ToList(), next));
    }

    private static async Task<IResult> GetAsync(string id, HttpResponse response, TicketsDbContext db, CancellationToken cancellationToken)
    {
        var ticket = await FindAsync(db, id, cancellationToken);
        if (ticket is null)
        {
            return TicketNotFound();
        }

        response.Headers.ETag = ETag(ticket);
        return TypedResults.Ok(TicketView.From(ticket));
    }

    internal sealed record CreateTicketRequest(Guid? ClientId, string? Subject, string? Text, Guid? ChannelId);

    private static async Task<IResult> CreateAsync(
        CreateTicketRequest? request,
        ClaimsPrincipal user,
        TicketsDbContext db,
        [FromServices] IClientDirectory clients,
        [FromServices] IAgentDirectory agents,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().Required("subject", request?.Subject, 1000);
        if (request?.Text is { Length: > 100_000 })
        {
            errors.Add("text", "At most 100000 characters.");
        }

        ClientSummary? client = null;
        if (request?.ClientId is not { } clientId)
        {
            errors.Add("clientId", "Required.");
        }
        else if ((client = await clients.FindAsync(clientId, cancellationToken)) is null)
        {
            errors.Add("clientId", "No client has this id.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var now = clock.GetUtcNow();
        var channelId = request!.ChannelId ?? BuiltInChannels.ApiChannelId;
        var channelType = channelId == BuiltInChannels.ApiChannelId
            ? BuiltInChannels.ApiPluginId
            : await db.Tickets.AsNoTracking().Where(t => t.ChannelId == channelId).Select(t => t.ChannelType).FirstOrDefaultAsync(cancellationToken) ?? "";
        var agentId = user.AgentId();
        var agent = await agents.FindAgentAsync(agentId, cancellationToken);
        var ticket = new Ticket
        {
            Id = Guid.CreateVersion7(),
            Subject = request.Subject!.Trim(),
            Status = TicketStatuses.Open,
            ChannelId = channelId,
            ChannelType = channelType,
            ClientId = client!.Id,
            OrganizationId = client.OrganizationId,
            AssigneeAgentId = agentId,
            IsVip = client.IsVip,
            Language = client.Language,
            CreatedAt = now,
            UpdatedAt = now,
            LastMessageAt = now,
        };
        db.Tickets.Add(ticket);
        TicketMessage? message = null;
        if (!string.IsNullOrWhiteSpace(request.Text))
        {
            message = new TicketMessage
            {
                Id = Guid.CreateVersion7(),
                TicketId = ticket.Id,
                ClientId = ticket.ClientId,
                Direction = MessageDirections.Out,
                AuthorName = agent?.Name ?? "Agent",
                AuthorAgentId = agentId,
                Text = request.Text,
                ChannelId = channelId,
                SentAt = now,
                CreatedAt = now,
            };
            db.Messages.Add(message);
        }

        // The number comes from the sequence on insert; events need it, so they follow the first save.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var actor = AgentActor(user);
        db.Publish(new TicketCreated(
            ticket.Id, ticket.Number, ticket.Subject, ticket.ClientId, ticket.OrganizationId, ticket.ChannelId, ticket.ChannelType,
            ticket.Status, ticket.IsVip, now, actor));
        if (message is not null)
        {
            db.Publish(new TicketMessageAdded(
                message.Id, ticket.Id, ticket.Number, ticket.Subject, ticket.ClientId, ticket.OrganizationId, ticket.ChannelId,
                ticket.ChannelType, message.Direction, message.AuthorName, client.Name, Threading.Excerpt(message.Text, null), now)
            {
                AuthorAgentId = agentId,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/tickets/{ticket.Id}", TicketView.From(ticket));
    }

    private static async Task<IResult> UpdateAsync(
        string id,
        JsonObject? patch,
        HttpRequest request,
        ClaimsPrincipal user,
        TicketsDbContext db,
        [FromServices] IAgentDirectory agents,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var ticket = await FindAsync(db, id, cancellationToken);
        if (ticket is null)
        {
            return TicketNotFound();
        }

        if (patch is null)
        {
            return Problems.Validation("body", "A JSON object is required.");
        }

        if (EntityVersions.IsStale(request, ETag(ticket)))
        {
            return Problems.PreconditionFailed("The ticket changed since it was read; GET it again.");
        }

        var errors = new ValidationErrors();
        var fromStatus = ticket.Status;
        foreach (var (key, value) in patch)
        {
            switch (key)
            {
                case "status":
                    if (TryString(value) is { } status && TicketStatuses.IsKnown(status))
                    {
                        ticket.Status = status;
                    }
                    else
                    {
                        errors.Add("status", $"One of {string.Join(", ", TicketStatuses.All)}.");
                    }

                    break;
                case "priority":
                    if (TryString(value) is { } priority && TicketPriorities.IsKnown(priority))
                    {
                        ticket.Priority = priority;
                    }
                    else
                    {
                        errors.Add("priority", $"One of {string.Join(", ", TicketPriorities.All)}.");
                    }

                    break;
                case "assigneeAgentId":
                    if (value is null)
                    {
                        ticket.AssigneeAgentId = null;
                    }
                    else if (TryGuid(value) is { } agentId
                             && await agents.FindAgentAsync(agentId, cancellationToken) is { Active: true })
                    {
                        ticket.AssigneeAgentId = agentId;
                    }
                    else
                    {
                        errors.Add("assigneeAgentId", "No active agent has this id.");
                    }

                    break;
                case "teamId":
                    if (value is null)
                    {
                        ticket.TeamId = null;
                    }
                    else if (TryGuid(value) is { } teamId && await agents.FindTeamAsync(teamId, cancellationToken) is not null)
                    {
                        ticket.TeamId = teamId;
                    }
                    else
                    {
                        errors.Add("teamId", "No team has this id.");
                    }

                    break;
                case "tags":
                    if (value is null)
                    {
                        ticket.Tags = [];
                    }
                    else if (value is JsonArray array
                             && array.All(v => TryString(v) is { Length: > 0 and <= MaxTagLength })
                             && array.Count <= MaxTags)
                    {
                        ticket.Tags = array.Select(v => TryString(v)!.Trim())
                            .Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                    }
                    else
                    {
                        errors.Add("tags", $"An array of at most {MaxTags} non-empty strings of at most {MaxTagLength} characters.");
                    }

                    break;
                case "subject":
                    if (TryString(value) is { } subject && !string.IsNullOrWhiteSpace(subject) && subject.Length <= 1000)
                    {
                        ticket.Subject = subject.Trim();
                    }
                    else
                    {
                        errors.Add("subject", "A non-empty string of at most 1000 characters.");
                    }

                    break;
                default:
                    // Read-only fields of the GET body may come back in a PATCH; they are ignored.
                    break;
            }
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var now = clock.GetUtcNow();
        if (ticket.Status != fromStatus)
        {
            ticket.ResolvedAt = TicketStatuses.IsDone(ticket.Status) ? now : null;
            db.Publish(new TicketStatusChanged(ticket.Id, ticket.Number, ticket.ClientId, fromStatus, ticket.Status, AgentActor(user)));
        }

        ticket.UpdatedAt = now;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.PreconditionFailed("The ticket changed while this change was saved; GET it again.");
        }

        request.HttpContext.Response.Headers.ETag = ETag(ticket);
        return TypedResults.Ok(TicketView.From(ticket));
    }

    internal sealed record ChangeClientRequest(Guid? ClientId);

    private static async Task<IResult> ChangeClientAsync(
        string id,
        ChangeClientRequest? request,
        ClaimsPrincipal user,
        TicketsDbContext db,
        [FromServices] IClientDirectory clients,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var ticket = await FindAsync(db, id, cancellationToken);
        if (ticket is null)
        {
            return TicketNotFound();
        }

        if (request?.ClientId is not { } clientId)
        {
            return Problems.Validation("clientId", "Required.");
        }

        var client = await clients.FindAsync(clientId, cancellationToken);
        if (client is null)
        {
            return Problems.Validation("clientId", "No client has this id.");
        }

        if (client.Id != ticket.ClientId)
        {
            var from = ticket.ClientId;
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Messages.Where(m => m.TicketId == ticket.Id && m.ClientId == from)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClientId, client.Id), cancellationToken);
            await db.Attachments.Where(a => a.TicketId == ticket.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.ClientId, client.Id), cancellationToken);
            ticket.ClientId = client.Id;
            ticket.OrganizationId = client.OrganizationId;
            ticket.ReplyEmail = null;
            ticket.IsVip |= client.IsVip;
            ticket.UpdatedAt = clock.GetUtcNow();
            db.Publish(new TicketClientChanged(ticket.Id, from, client.Id, AgentActor(user)));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return TypedResults.Ok(TicketView.From(ticket));
    }

    internal sealed record ReplyAddressRequest(string? Email);

    private static async Task<IResult> SetReplyAddressAsync(
        string id, ReplyAddressRequest? request, TicketsDbContext db, [FromServices] IClientDirectory clients, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var ticket = await FindAsync(db, id, cancellationToken);
        if (ticket is null)
        {
            return TicketNotFound();
        }

        var email = request?.Email?.Trim();
        if (string.IsNullOrEmpty(email))
        {
            return Problems.Validation("email", "Required.");
        }

        var client = await clients.FindAsync(ticket.ClientId, cancellationToken);
        var match = client?.Contacts.FirstOrDefault(c =>
            c.Kind == "email" && string.Equals(c.Value.Trim(), email, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            return Problems.Validation("email", "Not one of the client's emails.");
        }

        ticket.ReplyEmail = match.Value;
        ticket.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(TicketView.From(ticket));
    }

    private static async Task<IResult> RouteAsync(
        string id, ClaimsPrincipal user, TicketsDbContext db, TicketRouting routing, CancellationToken cancellationToken)
    {
        var ticket = await FindAsync(db, id, cancellationToken);
        if (ticket is null)
        {
            return TicketNotFound();
        }

        try
        {
            var routed = await routing.RouteAsync(ticket.Id, AgentActor(user), cancellationToken);
            return routed is null ? TicketNotFound() : TypedResults.Ok(TicketView.From(routed));
        }
        catch (RoutingUnavailableException)
        {
            return Problems.Create(StatusCodes.Status503ServiceUnavailable, "routing-unavailable", "Routing is not available",
                "No routing rules engine is part of this desk.");
        }
    }

    private static string? TryString(JsonNode? node) =>
        node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;

    private static Guid? TryGuid(JsonNode? node) => Guid.TryParse(TryString(node), out var id) ? id : null;
}
