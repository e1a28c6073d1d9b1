using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using ModularDesk.Clients.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Clients.Tests.Duplicates;

/// <summary>The recurring job that fills the duplicates queue (C15), dismissing, and merging from it.</summary>
public sealed class DuplicateSuggestionTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task The_job_finds_pairs_with_reasons_dismissed_pairs_stay_away_and_merging_removes_them()
    {
        using var agent = await host.CreateAgentClientAsync();
        var tail = Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var phoneA = await ClientCards.CreateAsync(agent, new { name = "Ola Nowak", phones = new[] { new { number = "+48 6" + tail, type = "mobile" } } });
        var phoneB = await ClientCards.CreateAsync(agent, new
        {
            name = "O. N.",
            messengers = new[] { new { messenger = "whatsapp", id = "486" + tail } },
        });
        var local = $"piotr.zielinski.{Guid.NewGuid():N}"[..28];
        var mailA = await ClientCards.CreateAsync(agent, new { name = "Piotr Zieliński", emails = new[] { new { address = $"{local}@acme.pl" } } });
        var mailB = await ClientCards.CreateAsync(agent, new { name = "P Zielinski", emails = new[] { new { address = $"{local}@acme.com" } } });
        var nameA = await ClientCards.CreateAsync(agent, new { name = "Katarzyna Wiśniewska", emails = new[] { new { address = ClientCards.Email() } } });
        var nameB = await ClientCards.CreateAsync(agent, new { name = "Katarzyna Wisniewska", emails = new[] { new { address = ClientCards.Email() } } });
        var unrelated = await ClientCards.CreateAsync(agent, new { name = "Zbigniew Brzęczyszczykiewicz", emails = new[] { new { address = ClientCards.Email() } } });

        var items = await RunJobAndListAsync(agent, expectPairs: 3);

        var phonePair = Pair(items, phoneA, phoneB);
        Assert.Contains("samePhone", Reasons(phonePair));
        Assert.Contains("sameEmailLocalPart", Reasons(Pair(items, mailA, mailB)));
        Assert.Contains("similarName", Reasons(Pair(items, nameA, nameB)));
        Assert.DoesNotContain(items, i => Ids(i).Contains(unrelated));
        Assert.True(phonePair.GetProperty("score").GetDouble() > 0.5);
        var scores = items.Select(i => i.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);

        using var dismissed = await agent.PostAsJsonAsync("/api/v1/clients/duplicates/dismiss", new { clientIds = new[] { mailB, mailA } });
        Assert.Equal(HttpStatusCode.NoContent, dismissed.StatusCode);
        using var merged = await agent.PostAsJsonAsync($"/api/v1/clients/{nameA}/merge", new { otherClientId = nameB });
        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);

        var after = await RunJobAndListAsync(agent, expectPairs: 1);
        Assert.Single(after);
        Pair(after, phoneA, phoneB);
    }

    [Fact]
    public async Task Dismissing_needs_two_different_cards()
    {
        using var agent = await host.CreateAgentClientAsync();
        var id = Guid.NewGuid();

        using var one = await agent.PostAsJsonAsync("/api/v1/clients/duplicates/dismiss", new { clientIds = new[] { id } });
        using var same = await agent.PostAsJsonAsync("/api/v1/clients/duplicates/dismiss", new { clientIds = new[] { id, id } });

        Assert.Equal(["clientIds"], await one.ValidationFieldsAsync());
        Assert.Equal(["clientIds"], await same.ValidationFieldsAsync());
    }

    private async Task<List<JsonElement>> RunJobAndListAsync(HttpClient agent, int expectPairs)
    {
        var before = await host.Database.ScalarAsync<DateTime?>("SELECT max(found_at) FROM clients.duplicate_suggestions");
        await host.Database.ExecuteAsync("DELETE FROM clients.duplicate_suggestions");
        host.Factory.Services.GetRequiredService<IRecurringJobManager>().Trigger("clients:duplicate-suggestions");
        return await Eventually.ReturnsAsync(
            async () =>
            {
                using var response = await agent.GetAsync("/api/v1/clients/duplicates?limit=200");
                return (await response.JsonAsync()).GetProperty("items").EnumerateArray().ToList();
            },
            items => items.Count >= expectPairs,
            what: $"{expectPairs} duplicate pairs (last run {before})");
    }

    private static JsonElement Pair(IEnumerable<JsonElement> items, Guid a, Guid b) =>
        Assert.Single(items, i => Ids(i).Order().SequenceEqual(new[] { a, b }.Order()));

    private static Guid[] Ids(JsonElement item) => item.GetProperty("clientIds").EnumerateArray().Select(e => e.GetGuid()).ToArray();

    private static string[] Reasons(JsonElement item) => item.GetProperty("reasons").EnumerateArray().Select(e => e.GetString()!).ToArray();
}
