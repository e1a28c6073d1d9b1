using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using ModularDesk.BuildingBlocks.Http;
using ModularDesk.Channels.Contracts.Outbound;
using ModularDesk.Clients.Cards;
using ModularDesk.Clients.Identities;
using ModularDesk.Clients.Persistence;

namespace ModularDesk.Clients.Outreach;

/// <summary>
/// Writing to a client from the card (C19), whether we can (C23) and consents (G5). The rules live in Channels
/// (<see cref="IOutboundQueue"/>, <see cref="IContactReachability"/>, <see cref="IConsentRegistry"/>); Clients turns
/// the card's contacts into recipients. Each is resolved optionally, so the card works before Channels provides them.
/// </summary>
internal static class OutreachEndpoints
{
    public static void MapOutreachEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/clients/{id:guid}").WithTags("Clients");
        group.MapPost("/messages", SendAsync).WithName("SendClientMessage")
            .WithSummary("Queues a message to one of the client's contacts through a channel; 422 with the channel's refusal (channel-window-closed, opted-out, …).");
        group.MapGet("/reachability", ReachabilityAsync).WithName("GetClientReachability")
            .WithSummary("Per contact and channel: can we write now, until when, and why not.");
        group.MapGet("/consents", GetConsentsAsync).WithName("GetClientConsents").WithSummary("Opt-in/opt-out per channel type.");
        group.MapPut("/consents", PutConsentsAsync).WithName("PutClientConsents")
            .WithSummary("Sets [ { channelType, status: optedIn|optedOut } ]; returns every consent.");
    }

    public static OutboundRecipient? RecipientOf(CardContact contact) => contact.Kind switch
    {
        ContactKinds.Email => new OutboundRecipient("email", contact.Value),
        ContactKinds.Phone => new OutboundRecipient("phone", contact.Value),
        ContactKinds.Messenger => new OutboundRecipient("messenger", contact.Value, contact.Label),
        ContactKinds.ExternalId => new OutboundRecipient("externalId", contact.Value, contact.Label),
        _ => null,
    };

    private static async Task<IResult> SendAsync(
        Guid id, JsonObject? body, ClientsDbContext db, IEnumerable<IOutboundQueue> queues, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var card = await CardEndpoints.LoadAsync(db, id, tracking: false, cancellationToken);
        if (card is null)
        {
            return CardEndpoints.NotFound();
        }

        var errors = new ValidationErrors();
        Guid? Id(string field)
        {
            if (body?[field]?.GetValueKind() == JsonValueKind.String && Guid.TryParse(body[field]!.GetValue<string>(), out var value))
            {
                return value;
            }

            errors.Add(field, "Required: an id.");
            return null;
        }

        var channelId = Id("channelId");
        var contactId = Id("contactId");
        var contact = contactId is null ? null : card.Contacts.SingleOrDefault(c => c.Id == contactId);
        var recipient = contact is null ? null : RecipientOf(contact);
        if (contactId is not null && recipient is null)
        {
            errors.Add("contactId", "Not an email, phone, messenger id or external id of this client.");
        }

        var text = body?["text"]?.GetValueKind() == JsonValueKind.String ? body["text"]!.GetValue<string>() : null;
        OutboundTemplate? template = null;
        if (body?["template"] is JsonObject t)
        {
            var name = t["name"]?.GetValueKind() == JsonValueKind.String ? t["name"]!.GetValue<string>() : null;
            var language = t["language"]?.GetValueKind() == JsonValueKind.String ? t["language"]!.GetValue<string>() : null;
            var parameters = t["parameters"] is JsonArray array
                ? array.Select(p => p?.GetValueKind() == JsonValueKind.String ? p.GetValue<string>() : p?.ToJsonString() ?? "").ToList()
                : [];
            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Add("template.name", "Required.");
            }

            template = new OutboundTemplate(name ?? "", string.IsNullOrWhiteSpace(language) ? "en" : language, parameters);
        }
        else if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add("text", "Required: text, or a template.");
        }
        else if (text.Length > 20_000)
        {
            errors.Add("text", "At most 20000 characters.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        if (queues.FirstOrDefault() is not { } queue)
        {
            return Unavailable("Sending");
        }

        var result = await queue.EnqueueAsync(
            new OutboundRequest(channelId!.Value, recipient!, text ?? "")
            {
                ClientId = card.Id, Template = template, SenderDisplayName = user.Identity?.Name,
            },
            cancellationToken);
        if (!result.IsQueued)
        {
            return Problems.Create(
                StatusCodes.Status422UnprocessableEntity, result.RefusalType ?? "outbound-refused", "The channel refused the message", result.RefusalDetail);
        }

        return TypedResults.Accepted($"/api/v1/outbound/{result.OutboundId}", new QueuedMessageView(result.OutboundId!.Value, "queued"));
    }

    private static async Task<IResult> ReachabilityAsync(
        Guid id, ClientsDbContext db, IEnumerable<IContactReachability> reachability, CancellationToken cancellationToken)
    {
        var card = await CardEndpoints.LoadAsync(db, id, tracking: false, cancellationToken);
        if (card is null)
        {
            return CardEndpoints.NotFound();
        }

        if (reachability.FirstOrDefault() is not { } checker)
        {
            return Unavailable("Reachability");
        }

        var contacts = card.Contacts.OrderBy(c => c.Seq).Select(c => (Contact: c, Recipient: RecipientOf(c))).Where(c => c.Recipient is not null).ToList();
        var infos = await checker.CheckAsync(card.Id, contacts.Select(c => c.Recipient!).ToList(), cancellationToken);
        var items = infos.Select(info =>
            {
                var contact = contacts.FirstOrDefault(c => c.Recipient == info.Recipient).Contact;
                return new ReachabilityView(
                    contact?.Id, info.Recipient.Kind, info.Recipient.Value, info.ChannelId, info.ChannelType, info.CanSendText, info.CanSendTemplate,
                    info.WindowClosesAt, info.Reason);
            })
            .ToList();
        return TypedResults.Ok(new Page<ReachabilityView>(items, null));
    }

    private static async Task<IResult> GetConsentsAsync(
        Guid id, ClientsDbContext db, IEnumerable<IConsentRegistry> registries, CancellationToken cancellationToken)
    {
        if (!await db.Cards.AnyAsync(c => c.Id == id, cancellationToken))
        {
            return CardEndpoints.NotFound();
        }

        return registries.FirstOrDefault() is { } registry
            ? TypedResults.Ok(await registry.GetAsync(id, cancellationToken))
            : Unavailable("Consents");
    }

    private static async Task<IResult> PutConsentsAsync(
        Guid id, JsonNode? body, ClientsDbContext db, IEnumerable<IConsentRegistry> registries, CancellationToken cancellationToken)
    {
        if (!await db.Cards.AnyAsync(c => c.Id == id, cancellationToken))
        {
            return CardEndpoints.NotFound();
        }

        var items = body switch
        {
            JsonArray array => array.ToList(),
            JsonObject single => [single],
            _ => null,
        };
        if (items is null)
        {
            return Problems.Validation("body", "An array of { channelType, status }.");
        }

        var errors = new ValidationErrors();
        var changes = new List<(string ChannelType, bool OptedOut)>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i] as JsonObject;
            var channelType = item?["channelType"]?.GetValueKind() == JsonValueKind.String ? item["channelType"]!.GetValue<string>().Trim() : null;
            var status = item?["status"]?.GetValueKind() == JsonValueKind.String ? item["status"]!.GetValue<string>() : null;
            if (string.IsNullOrEmpty(channelType) || channelType.Length > 50)
            {
                errors.Add($"[{i}].channelType", "Required: a channel type such as email or whatsapp.");
            }

            if (status is not ("optedIn" or "optedOut"))
            {
                errors.Add($"[{i}].status", "optedIn or optedOut.");
            }

            if (!string.IsNullOrEmpty(channelType) && status is "optedIn" or "optedOut")
            {
                changes.Add((channelType, status == "optedOut"));
            }
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        if (registries.FirstOrDefault() is not { } registry)
        {
            return Unavailable("Consents");
        }

        foreach (var (channelType, optedOut) in changes)
        {
            await registry.SetAsync(id, channelType, optedOut, Sources.Agent, cancellationToken);
        }

        return TypedResults.Ok(await registry.GetAsync(id, cancellationToken));
    }

    private static IResult Unavailable(string what) =>
        Problems.Create(StatusCodes.Status503ServiceUnavailable, "not-available", $"{what} is not available", $"{what} needs the Channels module's outbound part, which this host does not have yet.");
}

internal sealed record QueuedMessageView(Guid Id, string Status);

internal sealed record ReachabilityView(
    Guid? ContactId, string Kind, string Value, Guid ChannelId, string ChannelType, bool CanSendText, bool CanSendTemplate,
    DateTimeOffset? WindowClosesAt, string? Reason);
