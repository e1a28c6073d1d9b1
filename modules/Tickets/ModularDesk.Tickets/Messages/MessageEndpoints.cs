using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModularDesk.Agents.Contracts;
using ModularDesk.BuildingBlocks.Files;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.BuildingBlocks.Security;
using ModularDesk.Channels.Contracts.Outbound;
using ModularDesk.Clients.Contracts.Directory;
using ModularDesk.Tickets.Contracts.Events;
using ModularDesk.Tickets.Ingestion;
using ModularDesk.Tickets.Persistence;
using ModularDesk.Tickets.Tickets;

namespace ModularDesk.Tickets.Messages;

/// <summary>A ticket's messages, replies and notes (T1, T6), and attachment downloads.</summary>
internal static class MessageEndpoints
{
    public const int MaxTextLength = 100_000;

    public static void MapMessageEndpoints(this IEndpointRouteBuilder api)
    {
        var tickets = api.MapGroup("/tickets").RequireAuthorization(Policies.Agent).WithTags("Tickets");
        tickets.MapGet("/{id}/messages", ListAsync).WithName("ListTicketMessages")
            .WithSummary("The ticket's messages, oldest first; HTML is sanitized.");
        tickets.MapPost("/{id}/replies", ReplyAsync).WithName("ReplyToTicket")
            .WithSummary("A reply (queued for the ticket's channel; 422 with the channel's refusal) or an internal note.");
        tickets.MapGet("/{id}/attachments/{attachmentId}", DownloadAsync).WithName("DownloadTicketAttachment")
            .WithSummary("An attachment's bytes, always as a download.");
    }

    private static async Task<IResult> ListAsync(
        string id, int? limit, string? cursor, TicketsDbContext db, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var ticketId) || !await db.Tickets.AnyAsync(t => t.Id == ticketId, cancellationToken))
        {
            return TicketEndpoints.TicketNotFound();
        }

        var page = PageRequest.From(limit ?? PageRequest.MaxLimit, cursor);
        var query = db.Messages.AsNoTracking().Where(m => m.TicketId == ticketId);
        if (page.Cursor is not null)
        {
            if (!Guid.TryParse(page.Cursor, out var after))
            {
                return Problems.Validation("cursor", "Not a cursor this list returned.");
            }

            query = query.Where(m => m.Id.CompareTo(after) > 0);
        }

        var rows = await query.OrderBy(m => m.Id).Take(page.Limit + 1).Include(m => m.Attachments)
            .ToListAsync(cancellationToken);
        var next = rows.Count > page.Limit ? rows[page.Limit - 1].Id.ToString() : null;
        return TypedResults.Ok(new Page<MessageView>(rows.Take(page.Limit).Select(MessageView.From).ToList(), next));
    }

    internal sealed record ReplyRequest(string? Text, bool? Internal);

    private static async Task<IResult> ReplyAsync(
        string id,
        ReplyRequest? request,
        ClaimsPrincipal user,
        TicketsDbContext db,
        [FromServices] IAgentDirectory agents,
        [FromServices] IClientDirectory clients,
        IServiceProvider services,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var ticket = await TicketEndpoints.FindAsync(db, id, cancellationToken);
        if (ticket is null)
        {
            return TicketEndpoints.TicketNotFound();
        }

        var errors = new ValidationErrors().Required("text", request?.Text, MaxTextLength);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var isInternal = request!.Internal ?? false;
        var agentId = user.AgentId();
        var agentName = (await agents.FindAgentAsync(agentId, cancellationToken))?.Name ?? "Agent";
        var client = await clients.FindAsync(ticket.ClientId, cancellationToken);
        var now = clock.GetUtcNow();
        var message = new TicketMessage
        {
            Id = Guid.CreateVersion7(),
            TicketId = ticket.Id,
            ClientId = ticket.ClientId,
            Direction = isInternal ? MessageDirections.Internal : MessageDirections.Out,
            AuthorName = agentName,
            AuthorAgentId = agentId,
            Text = request.Text,
            ChannelId = ticket.ChannelId,
            SentAt = now,
            CreatedAt = now,
            DeliveryStatus = isInternal ? null : DeliveryStatuses.Queued,
            DeliveryUpdatedAt = isInternal ? null : now,
        };

        if (!isInternal)
        {
            var queue = services.GetService<IOutboundQueue>();
            if (queue is null)
            {
                return Problems.Create(StatusCodes.Status503ServiceUnavailable, "outbound-unavailable", "Sending is not available",
                    "No outbound queue is part of this desk.");
            }

            var recipient = await RecipientAsync(db, ticket, client, cancellationToken);
            if (recipient is null)
            {
                return Problems.Create(StatusCodes.Status422UnprocessableEntity, "no-recipient", "Nowhere to send the reply",
                    "The client has no address this ticket's channel can reach.");
            }

            // The message is stored before it is queued, so a delivery status can never arrive for an unknown message.
            db.Messages.Add(message);
            await db.SaveChangesAsync(cancellationToken);
            var emailIds = await db.Messages.AsNoTracking()
                .Where(m => m.TicketId == ticket.Id && m.Direction == MessageDirections.In && m.ExternalMessageId != null && m.SenderKind == "email")
                .OrderBy(m => m.Id).Select(m => m.ExternalMessageId!).ToListAsync(cancellationToken);
            var result = await queue.EnqueueAsync(
                new OutboundRequest(ticket.ChannelId, recipient, request.Text!)
                {
                    ClientId = ticket.ClientId,
                    TicketId = ticket.Id,
                    TicketMessageId = message.Id,
                    TicketNumber = ticket.Number,
                    Subject = ticket.Subject,
                    InReplyTo = emailIds.LastOrDefault(),
                    References = emailIds.TakeLast(20).ToList(),
                    SenderDisplayName = agentName,
                },
                cancellationToken);
            if (!result.IsQueued)
            {
                db.Messages.Remove(message);
                await db.SaveChangesAsync(cancellationToken);
                return Problems.Create(StatusCodes.Status422UnprocessableEntity, result.RefusalType ?? "outbound-refused",
                    "The channel refused the message", result.RefusalDetail);
            }

            message.OutboundId = result.OutboundId;
        }
        else
        {
            db.Messages.Add(message);
        }

        // The ticket row is touched with plain updates, not the tracked entity: routing or another agent may have
        // changed it meanwhile, and a reply must never be lost to a concurrency conflict.
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var opened = !isInternal && await db.Tickets.Where(t => t.Id == ticket.Id && t.Status == TicketStatuses.New)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TicketStatuses.Open), cancellationToken) > 0;
            await db.Tickets.Where(t => t.Id == ticket.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.UpdatedAt, now).SetProperty(t => t.LastMessageAt, now), cancellationToken);
            if (opened)
            {
                db.Publish(new TicketStatusChanged(ticket.Id, ticket.Number, ticket.ClientId, TicketStatuses.New, TicketStatuses.Open,
                    TicketEndpoints.AgentActor(user)));
            }

            db.Publish(new TicketMessageAdded(
                message.Id, ticket.Id, ticket.Number, ticket.Subject, ticket.ClientId, ticket.OrganizationId, ticket.ChannelId,
                ticket.ChannelType, message.Direction, agentName, isInternal ? "" : client?.Name ?? "", Threading.Excerpt(message.Text, null), now)
            {
                AuthorAgentId = agentId,
            });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return TypedResults.Accepted($"/api/v1/tickets/{ticket.Id}/messages", MessageView.From(message));
    }

    /// <summary>
    /// Where a reply goes: the chosen reply email, else the address the client last wrote from on this ticket, else
    /// the client's first email.
    /// </summary>
    private static async Task<OutboundRecipient?> RecipientAsync(
        TicketsDbContext db, Ticket ticket, ClientSummary? client, CancellationToken cancellationToken)
    {
        if (ticket.ReplyEmail is { } replyEmail)
        {
            return new OutboundRecipient("email", replyEmail);
        }

        var last = await db.Messages.AsNoTracking()
            .Where(m => m.TicketId == ticket.Id && m.Direction == MessageDirections.In && m.ClientId == ticket.ClientId && m.SenderKind != null)
            .OrderByDescending(m => m.Id)
            .Select(m => new { m.SenderKind, m.SenderValue, m.SenderScope })
            .FirstOrDefaultAsync(cancellationToken);
        if (last is not null)
        {
            return new OutboundRecipient(last.SenderKind!, last.SenderValue!, last.SenderScope);
        }

        var email = client?.Contacts.FirstOrDefault(c => c.Kind == "email");
        return email is null ? null : new OutboundRecipient("email", email.Value);
    }

    private static async Task<IResult> DownloadAsync(
        string id, string attachmentId, HttpResponse response, TicketsDbContext db, IFileStore files, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var ticketId) || !Guid.TryParse(attachmentId, out var fileId))
        {
            return Problems.NotFound("No attachment has this id.");
        }

        var attachment = await db.Attachments.AsNoTracking()
            .SingleOrDefaultAsync(a => a.Id == fileId && a.TicketId == ticketId, cancellationToken);
        var stream = attachment is null ? null : files.OpenRead(attachment.StorageKey);
        if (attachment is null || stream is null)
        {
            return Problems.NotFound("No attachment has this id.");
        }

        response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(stream, attachment.ContentType, attachment.Name);
    }
}

/// <summary>A message as api.md shows it.</summary>
internal sealed record MessageView(
    Guid Id,
    string Direction,
    string Author,
    Guid? AuthorAgentId,
    string? Text,
    string? Html,
    IReadOnlyList<AttachmentView> Attachments,
    DateTimeOffset SentAt,
    DateTimeOffset? EditedAt,
    string? DeliveryStatus,
    string? DeliveryReason)
{
    public static MessageView From(TicketMessage m) => new(
        m.Id, m.Direction, m.AuthorName, m.AuthorAgentId, m.Text, m.Html,
        m.Attachments.OrderBy(a => a.Id).Select(a => AttachmentView.From(a)).ToList(),
        m.SentAt, m.EditedAt, m.DeliveryStatus, m.DeliveryReason);
}

/// <summary>An attachment with its download URL.</summary>
internal sealed record AttachmentView(Guid Id, Guid MessageId, Guid TicketId, string Name, string ContentType, long Size, string Url, DateTimeOffset CreatedAt)
{
    public static AttachmentView From(MessageAttachment a) =>
        new(a.Id, a.MessageId, a.TicketId, a.Name, a.ContentType, a.Size, $"/api/v1/tickets/{a.TicketId}/attachments/{a.Id}", a.CreatedAt);
}
