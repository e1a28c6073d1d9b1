using ModularDesk.Testing;
using System.Net.Http.Json;
using ModularDesk.Channels.Contracts;
using ModularDesk.Channels.Tests.Support;

namespace ModularDesk.Channels.Tests.Webhooks;

/// <summary><c>/channels/{id}/webhook</c> for requests that have nowhere to go.</summary>
public sealed class WebhookRouteTests(ChannelsHostFixture host) : IClassFixture<ChannelsHostFixture>
{
    [Theory]
    [InlineData("0194c1f4-0000-7000-8000-000000000000")]
    [InlineData("not-an-id")]
    public async Task A_webhook_for_an_unknown_channel_is_a_404_problem(string id)
    {
        using var client = host.CreateClient();

        using var response = await client.PostAsJsonAsync($"/channels/{id}/webhook", new { update_id = 1 });

        await response.AssertProblemAsync(404);
    }

    [Fact]
    public async Task A_webhook_for_a_channel_whose_plugin_takes_none_is_a_404_problem()
    {
        using var client = host.CreateClient();

        using var response = await client.GetAsync($"/channels/{BuiltInChannels.ApiChannelId}/webhook");

        await response.AssertProblemAsync(404);
    }
}
