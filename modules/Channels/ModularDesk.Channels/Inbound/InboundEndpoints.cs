using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.BuildingBlocks.Security;
using ModularDesk.Channels.Inbox;
using ModularDesk.Channels.Persistence;

namespace ModularDesk.Channels.Inbound;

/// <summary><c>POST /api/v1/inbound</c> and <c>GET /api/v1/inbound/{inboxId}</c>: the inbox over REST for integrations and tests.</summary>
internal static class InboundEndpoints
{
    public static void MapInboundEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/inbound").RequireAuthorization(Policies.Admin).WithTags("Inbound");

        group.MapPost("/", AcceptAsync)
            .WithMetadata(new BodySizeLimit(InboundLimits.RequestBodyBytes))
            .WithName("AcceptInboundMessage")
            .WithSummary("Stores a message in the channel's inbox: 202 once committed, 200 with duplicate=true when already stored.");

        group.MapGet("/{inboxId}", GetAsync)
            .WithName("GetInboundMessage")
            .WithSummary("Where an inbound message is: pending, processed (with its ticket and client) or failed.");
    }

    private static async Task<IResult> AcceptAsync(
        InboundRequest? request, ChannelsDbContext db, InboxWriter inbox, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return Problems.Validation("body", "A JSON object is required.");
        }

        var errors = new ValidationErrors();
        if (request.ChannelId is not { } channelId)
        {
            errors.Add("channelId", "Required.");
        }
        else
        {
            var channel = await db.ChannelInstances.AsNoTracking()
                .Where(c => c.Id == channelId)
                .Select(c => new { c.Enabled })
                .SingleOrDefaultAsync(cancellationToken);
            if (channel is null)
            {
                errors.Add("channelId", "No channel has this id.");
            }
            else if (!channel.Enabled)
            {
                errors.Add("channelId", "The channel is disabled.");
            }
        }

        var message = InboundMessageValidator.Validate(request, errors);
        if (!errors.IsEmpty || message is null)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var accepted = await inbox.AcceptAsync(request.ChannelId!.Value, message, cancellationToken);
        var body = new InboundAccepted(accepted.InboxId, accepted.Duplicate);
        return accepted.Duplicate
            ? TypedResults.Ok(body)
            : TypedResults.Accepted($"/api/v1/inbound/{accepted.InboxId}", body);
    }

    private static async Task<Results<Ok<InboundStatusView>, ProblemHttpResult>> GetAsync(
        string inboxId, ChannelsDbContext db, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(inboxId, out var id))
        {
            return (ProblemHttpResult)Problems.NotFound("No inbound message has this id.");
        }

        var view = await db.InboxMessages.AsNoTracking()
            .Where(m => m.Id == id)
            .Select(m => new InboundStatusView(
                m.Id, m.ChannelId, m.ExternalMessageId, m.Status, m.TicketId, m.ClientId, m.Error, m.Attempts, m.ReceivedAt, m.ProcessedAt))
            .SingleOrDefaultAsync(cancellationToken);
        return view is null
            ? (ProblemHttpResult)Problems.NotFound("No inbound message has this id.")
            : TypedResults.Ok(view);
    }
}
