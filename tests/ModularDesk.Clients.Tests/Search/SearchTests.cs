using System.Text.Json;
using ModularDesk.Clients.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Clients.Tests.Search;

/// <summary>C7: finding a card by whatever the agent remembers.</summary>
public sealed class SearchTests(HostFixture host) : IClassFixture<HostFixture>
{
    private static async Task<List<JsonElement>> SearchAsync(HttpClient client, string q)
    {
        using var response = await client.GetAsync($"/api/v1/clients/search?q={Uri.EscapeDataString(q)}");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("items").EnumerateArray().ToList();
    }

    [Theory]
    [InlineData("João Gonçalves Ferreirinha")]
    [InlineData("joao goncalves ferreirinha")]
    [InlineData("Ferreirinha João")]
    [InlineData("Ferreirinya")]
    [InlineData("Joao Goncalvez")]
    [InlineData("Gonçlaves")]
    [InlineData("ferreir joao")]
    public async Task A_name_is_found_with_typos_without_accents_and_in_any_order(string query)
    {
        using var agent = await host.CreateAgentClientAsync();
        var id = await Ensure(agent, "João Gonçalves Ferreirinha", new { name = "João Gonçalves Ferreirinha" });

        var items = await SearchAsync(agent, query);

        var hit = Assert.Single(items, i => i.GetProperty("id").GetGuid() == id);
        Assert.Equal("name", hit.GetProperty("matched").GetProperty("field").GetString());
        Assert.Equal("João Gonçalves Ferreirinha", hit.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_card_the_resolver_created_is_found_by_its_name_with_a_typo_and_an_apostrophe_is_optional()
    {
        using var agent = await host.CreateAgentClientAsync();
        var resolved = await Senders.ResolveAsync(host, Senders.Email(Support.Clients.NewEmail("siobhan"), "Siobhán O'Flaherty-Quinlivan"));

        foreach (var query in new[] { "siobhan oflaherty", "Quinlivan Siobhán", "O'Flahrety" })
        {
            var items = await SearchAsync(agent, query);
            Assert.Contains(items, i => i.GetProperty("id").GetGuid() == resolved.ClientId);
        }
    }

    [Theory]
    [InlineData("+48 601 111 222")]
    [InlineData("+48601111222")]
    [InlineData("0048 601-111-222")]
    [InlineData("(601) 111 222")]
    [InlineData("48601111222")]
    public async Task A_phone_is_found_in_any_written_form(string query)
    {
        using var agent = await host.CreateAgentClientAsync();
        var id = await Ensure(agent, "phone", new { name = "Phone Person", phones = new[] { new { number = "+48 601 111 222" } } });

        var items = await SearchAsync(agent, query);

        var hit = Assert.Single(items, i => i.GetProperty("id").GetGuid() == id);
        Assert.Equal("phone", hit.GetProperty("matched").GetProperty("field").GetString());
        Assert.Equal("+48 601 111 222", hit.GetProperty("matched").GetProperty("value").GetString());
    }

    [Theory]
    [InlineData("+7 900 123 45 67", "8 (900) 123-45-67")]
    [InlineData("+55 11 98765-4321", "(11) 98765-4321")]
    [InlineData("+55 11 98765-4321", "11 8765 4321")]
    public async Task A_phone_is_found_from_its_national_form_with_a_trunk_prefix_or_without_the_extra_nine(string stored, string query)
    {
        using var agent = await host.CreateAgentClientAsync();
        var id = await Ensure(agent, stored, new { name = "National " + stored, phones = new[] { new { number = stored } } });

        var items = await SearchAsync(agent, query);

        var hit = Assert.Single(items, i => i.GetProperty("id").GetGuid() == id);
        Assert.Equal("phone", hit.GetProperty("matched").GetProperty("field").GetString());
    }

    [Fact]
    public async Task Numeric_messenger_and_external_ids_are_found_although_they_look_like_phone_numbers()
    {
        using var agent = await host.CreateAgentClientAsync();
        var telegram = Random.Shared.NextInt64(5_000_000_000, 6_000_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var erp = Random.Shared.NextInt64(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var id = await Support.Clients.CreateIdAsync(agent, new
        {
            name = "Numeric Ids",
            messengers = new[] { new { messenger = "telegram", id = telegram } },
            externalIds = new[] { new { source = "erp", id = erp } },
        });

        var byMessenger = Assert.Single(await SearchAsync(agent, telegram), i => i.GetProperty("id").GetGuid() == id);
        var byExternal = Assert.Single(await SearchAsync(agent, erp), i => i.GetProperty("id").GetGuid() == id);

        Assert.Equal("messenger", byMessenger.GetProperty("matched").GetProperty("field").GetString());
        Assert.Equal(telegram, byMessenger.GetProperty("matched").GetProperty("value").GetString());
        Assert.Equal("externalId", byExternal.GetProperty("matched").GetProperty("field").GetString());
    }

    [Fact]
    public async Task An_email_messenger_id_and_external_id_are_found_exactly()
    {
        using var agent = await host.CreateAgentClientAsync();
        var email = Support.Clients.NewEmail("Search.Me");
        var telegram = Guid.NewGuid().ToString("N");
        var shop = "u-" + Guid.NewGuid().ToString("N");
        var id = await Support.Clients.CreateIdAsync(agent, new
        {
            name = "Exact Person",
            emails = new[] { new { address = email } },
            messengers = new[] { new { messenger = "telegram", id = telegram } },
            externalIds = new[] { new { source = "shop", id = shop } },
        });

        var byEmail = Assert.Single(await SearchAsync(agent, email.ToUpperInvariant()));
        var byMessenger = Assert.Single(await SearchAsync(agent, telegram));
        var byExternal = Assert.Single(await SearchAsync(agent, shop));

        Assert.Equal(id, byEmail.GetProperty("id").GetGuid());
        Assert.Equal("email", byEmail.GetProperty("matched").GetProperty("field").GetString());
        Assert.Equal(email, byEmail.GetProperty("matched").GetProperty("value").GetString());
        Assert.Equal("messenger", byMessenger.GetProperty("matched").GetProperty("field").GetString());
        Assert.Equal("externalId", byExternal.GetProperty("matched").GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_query_word_that_is_another_persons_name_still_finds_the_name_one_typo_away_and_words_run_together_are_found()
    {
        using var agent = await host.CreateAgentClientAsync();
        var surname = "Quillfeatherby" + Suffix();
        var hanna = await Support.Clients.CreateIdAsync(agent, new { name = "Hanna " + surname });
        var anna = await Support.Clients.CreateIdAsync(agent, new { name = "Anna Kettlewood" + Suffix() });

        // "anna" is a name of its own, so its one-typo neighbour "hanna" is first left out; no card has "anna" with
        // this surname, so every candidate of "anna" is tried next.
        var byNeighbour = await SearchAsync(agent, "Anna " + surname);
        Assert.Equal(hanna, byNeighbour[0].GetProperty("id").GetGuid());
        Assert.DoesNotContain(byNeighbour, i => i.GetProperty("id").GetGuid() == anna);

        // No query word near a name word: the whole name's trigrams.
        var runTogether = await SearchAsync(agent, ("hanna" + surname).ToLowerInvariant());
        var hit = Assert.Single(runTogether, i => i.GetProperty("id").GetGuid() == hanna);
        Assert.Equal("name", hit.GetProperty("matched").GetProperty("field").GetString());
    }

    [Fact]
    public async Task The_card_named_exactly_as_typed_comes_before_longer_names_containing_it()
    {
        using var agent = await host.CreateAgentClientAsync();
        var name = "Mirela Quendelbrook" + Suffix();
        var longer = await Support.Clients.CreateIdAsync(agent, new { name = name + " Oakes" });
        var exact = await Support.Clients.CreateIdAsync(agent, new { name });

        var items = await SearchAsync(agent, name);

        Assert.Equal([exact, longer], items.Select(i => i.GetProperty("id").GetGuid()));
    }

    /// <summary>Letters only (a digit would be a word of its own), different per run so earlier runs' cards do not interfere.</summary>
    private static string Suffix() => new(Guid.NewGuid().ToString("N").Where(char.IsAsciiLetter).Take(6).Select(c => (char)('k' + (c - 'a'))).ToArray());

    [Fact]
    public async Task A_hidden_card_is_not_found_and_an_empty_query_is_a_400()
    {
        using var agent = await host.CreateAgentClientAsync();
        var name = "Hidden Zebulon Quartermaine";
        var id = await Support.Clients.CreateIdAsync(agent, new { name });
        Assert.Contains(await SearchAsync(agent, name), i => i.GetProperty("id").GetGuid() == id);
        using (await agent.PostAsync($"/api/v1/clients/{id}/hide", null))
        {
        }

        Assert.DoesNotContain(await SearchAsync(agent, name), i => i.GetProperty("id").GetGuid() == id);
        using var empty = await agent.GetAsync("/api/v1/clients/search?q=%20");
        await empty.AssertProblemAsync(400, "validation-error");
    }

    [Fact]
    public async Task At_most_twenty_results()
    {
        using var agent = await host.CreateAgentClientAsync();
        for (var i = 0; i < 22; i++)
        {
            await Support.Clients.CreateIdAsync(agent, new { name = $"Manyfold Twentyone {i}" });
        }

        Assert.Equal(20, (await SearchAsync(agent, "Manyfold Twentyone")).Count);
    }

    private static readonly Dictionary<string, Guid> Created = [];
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>One card per key for all theory cases of this class.</summary>
    private static async Task<Guid> Ensure(HttpClient agent, string key, object body)
    {
        await Gate.WaitAsync();
        try
        {
            if (!Created.TryGetValue(key, out var id))
            {
                Created[key] = id = await Support.Clients.CreateIdAsync(agent, body);
            }

            return id;
        }
        finally
        {
            Gate.Release();
        }
    }
}
