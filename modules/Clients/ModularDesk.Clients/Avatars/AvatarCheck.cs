using Microsoft.Extensions.Logging;
using ModularDesk.Clients.Cards;
using ModularDesk.Clients.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ModularDesk.Clients.Avatars;

/// <summary>
/// Background job (C6): asks whether a stored Gravatar URL exists. A definite 404 clears it (only while the card
/// still shows that very URL, set by the system rather than an agent); no network, a timeout or any other answer
/// leaves it as it is. The job never fails.
/// </summary>
internal sealed partial class AvatarCheck(ClientsDbContext db, IHttpClientFactory httpClients, ILogger<AvatarCheck> logger)
{
    public const string HttpClientName = "clients-avatars";

    public async Task CheckAsync(Guid clientId, string url, CancellationToken cancellationToken)
    {
        try
        {
            using var client = httpClients.CreateClient(HttpClientName);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            using var request = new HttpRequestMessage(HttpMethod.Head, url);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (response.StatusCode != System.Net.HttpStatusCode.NotFound)
            {
                return;
            }

            var card = await db.Cards.SingleOrDefaultAsync(c => c.Id == clientId, cancellationToken);
            if (card is null || card.AvatarUrl != url || CardJson.SourceOf(card, "avatarUrl") is Sources.Agent)
            {
                return;
            }

            card.AvatarUrl = null;
            CardJson.SetProvenance(card, "avatarUrl", new FieldSource(Sources.System, DateTimeOffset.UtcNow));
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e)
        {
            LogUnreachable(logger, clientId, e.GetType().Name);
        }
    }

    [LoggerMessage(LogLevel.Information, "Avatar check for client {ClientId} skipped: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, Guid clientId, string reason);
}
