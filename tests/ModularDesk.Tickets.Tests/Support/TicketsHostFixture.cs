using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Autofac;
using Microsoft.Extensions.Hosting;
using ModularDesk.Channels.Contracts;
using ModularDesk.Clients.Contracts.Resolution;
using ModularDesk.Organizations.Contracts.Routing;
using ModularDesk.Testing;

namespace ModularDesk.Tickets.Tests.Support;

/// <summary>
/// The real host (all modules, real PostgreSQL) with fast ingestion retries, and one fault injected for the failure
/// tests: the real sender resolver is wrapped so senders named <c>fail-once-…</c> throw on their first resolution and
/// <c>fail-always-…</c> on every one; and the real router is wrapped so that tickets whose subject says
/// <c>router-breaks</c> / <c>router-hangs</c> make it fail inside the ingestion transaction (see <see cref="FaultInjectingRouter"/>).
/// </summary>
public sealed class TicketsHostFixture : HostFixture
{
    public TicketsHostFixture()
    {
        Set("Tickets:Ingestion:RetryBaseSeconds", "0.2");
        Set("Tickets:Ingestion:MaxAttempts", "3");
        Set("Tickets:Ingestion:IdlePollMilliseconds", "100");
        // The hang test waits this long once; a shorter timeout risks a fallback (and a flaky test) in a loaded suite run.
        Set("Tickets:Ingestion:RoutingTimeoutMilliseconds", "3000");
    }

    public Task<HttpClient> AdminAsync() => CreateAdminClientAsync();

    public Task<HttpClient> AgentAsync() => CreateAgentClientAsync("agent");

    protected override void ConfigureGenericHost(IHostBuilder builder) =>
        builder.ConfigureContainer<ContainerBuilder>(container =>
        {
            container.RegisterDecorator<FaultInjectingResolver, IClientSenderResolver>();
            container.RegisterDecorator<FaultInjectingRouter, ITicketRouter>();
        });

    /// <summary>Posts a message to the built-in API channel; returns the inbox id.</summary>
    public static async Task<Guid> PostInboundAsync(HttpClient admin, object message)
    {
        var json = JsonSerializer.SerializeToNode(message, Json)!.AsObject();
        json["channelId"] ??= BuiltInChannels.ApiChannelId.ToString();
        using var response = await admin.PostAsJsonAsync("/api/v1/inbound", json);
        if (response.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.OK))
        {
            throw new InvalidOperationException($"Inbound refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.JsonAsync()).GetProperty("inboxId").GetGuid();
    }

    /// <summary>Waits until the inbox message is processed (or failed, when <paramref name="status"/> says so).</summary>
    public static Task<JsonElement> WaitForInboundAsync(HttpClient admin, Guid inboxId, string status = "processed", TimeSpan? timeout = null) =>
        Eventually.ReturnsAsync(
            async () =>
            {
                using var response = await admin.GetAsync($"/api/v1/inbound/{inboxId}");
                return await response.JsonAsync();
            },
            body => body.GetProperty("status").GetString() == status,
            timeout ?? TimeSpan.FromSeconds(30),
            $"inbound {inboxId} to be {status}");

    /// <summary>Posts and waits; returns (ticketId, clientId).</summary>
    public static async Task<(Guid TicketId, Guid ClientId)> IngestAsync(HttpClient admin, object message)
    {
        var inboxId = await PostInboundAsync(admin, message);
        var status = await WaitForInboundAsync(admin, inboxId);
        return (status.GetProperty("ticketId").GetGuid(), status.GetProperty("clientId").GetGuid());
    }

    public static async Task<JsonElement> GetJsonAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.JsonAsync();
    }

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}
