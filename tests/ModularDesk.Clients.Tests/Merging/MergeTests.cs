using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ModularDesk.Clients.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Clients.Tests.Merging;

/// <summary>An agent merging two cards of one person (C13) and undoing it (C14).</summary>
public sealed class MergeTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task The_preview_shows_both_cards_field_by_field_with_defaults_the_union_of_contacts_and_what_moves()
    {
        using var agent = await host.CreateAgentClientAsync();
        var (survivor, other) = await PairAsync(agent);
        await AttachFileAsync(agent, other);

        using var response = await agent.PostAsJsonAsync($"/api/v1/clients/{survivor}/merge-preview", new { otherClientId = other });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        var fields = body.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("field").GetString()!);
        Assert.Equal("Jan Kowalski", fields["name"].GetProperty("survivorValue").GetString());
        Assert.Equal("J. Kowalski", fields["name"].GetProperty("otherValue").GetString());
        Assert.Equal("survivor", fields["name"].GetProperty("default").GetString());
        Assert.Equal("other", fields["position"].GetProperty("default").GetString());
        Assert.Equal("CTO", fields["position"].GetProperty("otherValue").GetString());
        Assert.Equal(4, body.GetProperty("contacts").GetArrayLength());
        var moves = body.GetProperty("moves");
        Assert.Equal(1, moves.GetProperty("files").GetInt32());
        Assert.Equal(0, moves.GetProperty("tickets").GetInt32());
    }

    [Fact]
    public async Task Merging_moves_contacts_and_files_to_the_survivor_and_the_other_card_is_gone()
    {
        using var agent = await host.CreateAgentClientAsync();
        var (survivor, other) = await PairAsync(agent);
        var fileId = await AttachFileAsync(agent, other);

        using var response = await agent.PostAsJsonAsync(
            $"/api/v1/clients/{survivor}/merge", new { otherClientId = other, choices = new { name = "other" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.NotEqual(Guid.Empty, body.GetProperty("mergeId").GetGuid());
        var client = body.GetProperty("client");
        Assert.Equal("J. Kowalski", client.GetProperty("name").GetString());
        Assert.Equal("CTO", client.GetProperty("position").GetString());
        Assert.Equal(2, client.GetProperty("emails").GetArrayLength());
        Assert.Equal(2, client.GetProperty("phones").GetArrayLength());
        using var gone = await agent.GetAsync($"/api/v1/clients/{other}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        using var file = await agent.GetAsync($"/api/v1/clients/{survivor}/files/{fileId}");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        var merged = await host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM clients.outbox_messages WHERE event_type LIKE '%ClientsMerged%'");
        Assert.True(merged >= 1);
    }

    [Fact]
    public async Task Undo_restores_both_cards_exactly_as_they_were()
    {
        using var agent = await host.CreateAgentClientAsync();
        var (survivor, other) = await PairAsync(agent);
        var fileId = await AttachFileAsync(agent, other);
        var survivorBefore = await ClientCards.GetRawAsync(agent, survivor);
        var otherBefore = await ClientCards.GetRawAsync(agent, other);

        using var merged = await agent.PostAsJsonAsync(
            $"/api/v1/clients/{survivor}/merge", new { otherClientId = other, choices = new { name = "other", note = "other" } });
        var mergeId = (await merged.JsonAsync()).GetProperty("mergeId").GetGuid();
        using var undone = await agent.PostAsync($"/api/v1/merges/{mergeId}/undo", null);

        Assert.Equal(HttpStatusCode.OK, undone.StatusCode);
        Assert.Equal(Normalize(survivorBefore), Normalize(await ClientCards.GetRawAsync(agent, survivor)));
        Assert.Equal(Normalize(otherBefore), Normalize(await ClientCards.GetRawAsync(agent, other)));
        using var file = await agent.GetAsync($"/api/v1/clients/{other}/files/{fileId}");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        var undoEvents = await host.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM clients.outbox_messages WHERE event_type LIKE '%ClientMergeUndone%' AND payload::text LIKE '%{mergeId}%'");
        Assert.Equal(1, undoEvents);
    }

    [Fact]
    public async Task A_contact_added_after_the_merge_stays_on_the_survivor_when_the_merge_is_undone()
    {
        using var agent = await host.CreateAgentClientAsync();
        var (survivor, other) = await PairAsync(agent);
        using var merged = await agent.PostAsJsonAsync($"/api/v1/clients/{survivor}/merge", new { otherClientId = other });
        var mergeId = (await merged.JsonAsync()).GetProperty("mergeId").GetGuid();
        var later = ClientCards.Email("later");
        var emails = (await ClientCards.GetAsync(agent, survivor)).GetProperty("emails").EnumerateArray()
            .Select(e => new { address = e.GetProperty("address").GetString() }).Append(new { address = (string?)later }).ToArray();
        using var added = await agent.PatchJsonAsync($"/api/v1/clients/{survivor}", new { emails });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);

        using var undone = await agent.PostAsync($"/api/v1/merges/{mergeId}/undo", null);

        Assert.Equal(HttpStatusCode.OK, undone.StatusCode);
        var survivorEmails = (await ClientCards.GetAsync(agent, survivor)).GetProperty("emails").EnumerateArray()
            .Select(e => e.GetProperty("address").GetString()).ToList();
        Assert.Contains(later, survivorEmails);
        Assert.Equal(2, survivorEmails.Count); // its own from before the merge, and the one added since
        Assert.Single((await ClientCards.GetAsync(agent, other)).GetProperty("emails").EnumerateArray());
    }

    [Fact]
    public async Task Undo_gives_the_merged_card_back_its_contacts_even_when_edited_or_re_added_since_and_keeps_later_contacts_on_the_survivor()
    {
        using var agent = await host.CreateAgentClientAsync();
        var (survivor, other) = await PairAsync(agent);
        var otherBefore = await ClientCards.GetRawAsync(agent, other);
        var otherCard = JsonDocument.Parse(otherBefore).RootElement;
        var otherEmail = otherCard.GetProperty("emails")[0].GetProperty("address").GetString()!;
        var otherPhone = otherCard.GetProperty("phones")[0].GetProperty("number").GetString()!;
        var survivorCard = await ClientCards.GetAsync(agent, survivor);
        var ownEmail = survivorCard.GetProperty("emails")[0].GetProperty("address").GetString()!;
        var ownPhone = survivorCard.GetProperty("phones")[0].GetProperty("number").GetString()!;
        using var merged = await agent.PostAsJsonAsync($"/api/v1/clients/{survivor}/merge", new { otherClientId = other });
        var mergeId = (await merged.JsonAsync()).GetProperty("mergeId").GetGuid();

        // Since the merge: the merged card's email removed and typed in again (a new contact row), its phone's type
        // changed, and a new email and site added that nobody had before.
        var later = ClientCards.Email("later");
        using (var edited = await agent.PatchJsonAsync($"/api/v1/clients/{survivor}", new
        {
            emails = new[] { new { address = ownEmail }, new { address = later } },
            phones = new[] { new { number = ownPhone, type = "mobile" }, new { number = otherPhone, type = "home" } },
            sites = new[] { "https://later.example" },
        }))
        {
            Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        }

        using (var readded = await agent.PostAsJsonAsync($"/api/v1/clients/{survivor}/contacts", new { kind = "email", address = otherEmail }))
        {
            Assert.Equal(HttpStatusCode.Created, readded.StatusCode);
        }

        using var undone = await agent.PostAsync($"/api/v1/merges/{mergeId}/undo", null);

        Assert.Equal(HttpStatusCode.OK, undone.StatusCode);
        // What came from the merged card is back on it exactly (same contact ids, the phone's old type).
        Assert.Equal(Normalize(otherBefore), Normalize(await ClientCards.GetRawAsync(agent, other)));
        // What was added since stays on the survivor, with none of the merged card's contacts left there.
        var after = await ClientCards.GetAsync(agent, survivor);
        Assert.Equal([ownEmail, later], after.GetProperty("emails").EnumerateArray().Select(e => e.GetProperty("address").GetString()!).ToArray());
        Assert.Equal([ownPhone], after.GetProperty("phones").EnumerateArray().Select(p => p.GetProperty("number").GetString()!).ToArray());
        Assert.Equal("https://later.example", Assert.Single(after.GetProperty("sites").EnumerateArray()).GetProperty("url").GetString());

        // Each identity has one owner again: the merged card's email finds the merged card.
        using var search = await agent.GetAsync($"/api/v1/clients/search?q={Uri.EscapeDataString(otherEmail)}");
        Assert.Equal(other, Assert.Single((await search.JsonAsync()).GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Merging_a_card_with_itself_a_hidden_card_or_an_unknown_card_is_refused_clearly()
    {
        using var agent = await host.CreateAgentClientAsync();
        var (survivor, other) = await PairAsync(agent);
        var hidden = await ClientCards.CreateWithEmailAsync(agent, "Hidden One");
        using var hide = await agent.PostAsync($"/api/v1/clients/{hidden}/hide", null);
        Assert.Equal(HttpStatusCode.NoContent, hide.StatusCode);

        using var self = await agent.PostAsJsonAsync($"/api/v1/clients/{survivor}/merge", new { otherClientId = survivor });
        using var withHidden = await agent.PostAsJsonAsync($"/api/v1/clients/{survivor}/merge", new { otherClientId = hidden });
        using var unknown = await agent.PostAsJsonAsync($"/api/v1/clients/{survivor}/merge", new { otherClientId = Guid.NewGuid() });
        using var badChoice = await agent.PostAsJsonAsync(
            $"/api/v1/clients/{survivor}/merge", new { otherClientId = other, choices = new { name = "both", password = "other" } });
        using var previewSelf = await agent.PostAsJsonAsync($"/api/v1/clients/{survivor}/merge-preview", new { otherClientId = survivor });

        await self.AssertProblemAsync(400, "merge-same-client");
        await withHidden.AssertProblemAsync(409, "client-hidden");
        await unknown.AssertProblemAsync(404, "not-found");
        Assert.Equal(["choices.name", "choices.password"], (await badChoice.ValidationFieldsAsync()).Order().ToArray());
        await previewSelf.AssertProblemAsync(400, "merge-same-client");
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync($"/api/v1/clients/{other}")).StatusCode);
    }

    [Fact]
    public async Task The_same_pair_merged_twice_at_once_merges_once_and_the_other_request_is_a_409()
    {
        using var agent = await host.CreateAgentClientAsync();
        var (survivor, other) = await PairAsync(agent);
        using var second = host.CreateClientWithToken(agent.DefaultRequestHeaders.Authorization!.Parameter!);

        var results = await Task.WhenAll(
            agent.PostAsJsonAsync($"/api/v1/clients/{survivor}/merge", new { otherClientId = other }),
            second.PostAsJsonAsync($"/api/v1/clients/{survivor}/merge", new { otherClientId = other }));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], results.Select(r => r.StatusCode).Order().ToArray());
        await results.Single(r => r.StatusCode == HttpStatusCode.Conflict).AssertProblemAsync(409, "client-merged");
        Assert.Equal(1, await host.Database.ScalarAsync<long>($"SELECT count(*) FROM clients.merges WHERE survivor_id = '{survivor}'"));
        Assert.Equal(2, (await ClientCards.GetAsync(agent, survivor)).GetProperty("emails").GetArrayLength());
        foreach (var result in results)
        {
            result.Dispose();
        }
    }

    [Fact]
    public async Task Undo_twice_is_a_409_and_undo_after_30_days_is_a_409_merge_undo_expired()
    {
        using var agent = await host.CreateAgentClientAsync();
        var (a, b) = await PairAsync(agent);
        using var first = await agent.PostAsJsonAsync($"/api/v1/clients/{a}/merge", new { otherClientId = b });
        var mergeId = (await first.JsonAsync()).GetProperty("mergeId").GetGuid();
        using var undone = await agent.PostAsync($"/api/v1/merges/{mergeId}/undo", null);
        Assert.Equal(HttpStatusCode.OK, undone.StatusCode);

        using var again = await agent.PostAsync($"/api/v1/merges/{mergeId}/undo", null);
        await again.AssertProblemAsync(409, "merge-already-undone");

        var (c, d) = await PairAsync(agent);
        using var old = await agent.PostAsJsonAsync($"/api/v1/clients/{c}/merge", new { otherClientId = d });
        var oldId = (await old.JsonAsync()).GetProperty("mergeId").GetGuid();
        await host.Database.ExecuteAsync($"UPDATE clients.merges SET merged_at = merged_at - interval '31 days' WHERE id = '{oldId}'");
        using var late = await agent.PostAsync($"/api/v1/merges/{oldId}/undo", null);
        await late.AssertProblemAsync(409, "merge-undo-expired");
        using var unknown = await agent.PostAsync($"/api/v1/merges/{Guid.NewGuid()}/undo", null);
        await unknown.AssertProblemAsync(404, "not-found");
    }

    /// <summary>Two cards of one person: different emails and phones, the second knows the position.</summary>
    private static async Task<(Guid Survivor, Guid Other)> PairAsync(HttpClient agent)
    {
        var survivor = await ClientCards.CreateAsync(agent, new
        {
            name = "Jan Kowalski",
            language = "pl",
            note = "Prefers email",
            emails = new[] { new { address = ClientCards.Email("jan"), label = "business" } },
            phones = new[] { new { number = Phone(), type = "mobile" } },
        });
        var other = await ClientCards.CreateAsync(agent, new
        {
            name = "J. Kowalski",
            position = "CTO",
            note = "Met at a fair",
            emails = new[] { new { address = ClientCards.Email("jk"), label = "private" } },
            phones = new[] { new { number = Phone(), type = "work" } },
        });
        return (survivor, other);
    }

    private static string Phone() => "+48 6" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<Guid> AttachFileAsync(HttpClient agent, Guid client)
    {
        var content = new ByteArrayContent("%PDF-1.4 contract"u8.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var form = new MultipartFormDataContent { { content, "file", "contract.pdf" } };
        using var response = await agent.PostAsync($"/api/v1/clients/{client}/files", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }

    /// <summary>The body as canonical JSON text, so two reads of an unchanged card compare equal.</summary>
    private static string Normalize(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);
}
