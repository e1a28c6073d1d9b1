using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CsvHelper;
using ModularDesk.Clients.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Clients.Tests.ImportExport;

/// <summary>Importing cards from CSV (C21) and exporting them (C8).</summary>
public sealed class CsvImportExportTests(HostFixture host) : IClassFixture<HostFixture>
{
    static CsvImportExportTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public async Task A_dry_run_reports_what_would_happen_and_changes_nothing_then_the_import_creates_the_cards()
    {
        using var agent = await host.CreateAgentClientAsync();
        var (a, b) = (ClientCards.Email("imp"), ClientCards.Email("imp"));
        var csv = $"Name,Email,Phone,Position\nAnna Import,{a},,Buyer\nBen Import,{b},+48 601 {Random.Shared.Next(100_000, 999_999)},\nCarl,not-an-email,,\n,,,Nobody\n";

        var dry = await ImportAsync(agent, csv, dryRun: true);
        Assert.Equal((2, 0, 2), (dry.GetProperty("created").GetInt32(), dry.GetProperty("updated").GetInt32(), dry.GetProperty("skipped").GetInt32()));
        Assert.Equal([4, 5], dry.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("row").GetInt32()).ToArray());
        Assert.DoesNotContain(a, await ExportAsync(agent), StringComparison.Ordinal);

        var real = await ImportAsync(agent, csv, dryRun: false);
        Assert.Equal(2, real.GetProperty("created").GetInt32());
        var exported = await ExportAsync(agent);
        Assert.Contains(a, exported, StringComparison.Ordinal);
        Assert.Contains("Anna Import", exported, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_row_matching_a_card_by_email_updates_it_instead_of_creating_a_duplicate()
    {
        using var agent = await host.CreateAgentClientAsync();
        var email = ClientCards.Email("match");
        var id = await ClientCards.CreateAsync(agent, new { name = "Maria Match", emails = new[] { new { address = email, label = "business" } } });
        var phone = "+48 60" + Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);

        var result = await ImportAsync(agent, $"email;position;phone\n{email.ToUpperInvariant()};Head of Sales;{phone}\n", dryRun: false);

        Assert.True(result.GetProperty("updated").GetInt32() == 1, result.ToString());
        Assert.Equal(0, result.GetProperty("created").GetInt32());
        var card = await ClientCards.GetAsync(agent, id);
        Assert.Equal("Head of Sales", card.GetProperty("position").GetString());
        Assert.Single(card.GetProperty("emails").EnumerateArray());
        Assert.Single(card.GetProperty("phones").EnumerateArray());
        Assert.Equal("Maria Match", card.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Broken_quoting_costs_only_its_own_row()
    {
        using var agent = await host.CreateAgentClientAsync();
        var (a, b, c) = (ClientCards.Email("q"), ClientCards.Email("q"), ClientCards.Email("q"));
        var csv = $"name,email,note\n\"Quoted, Fine\",{a},\"said \"\"hi\"\"\"\nBro\"ken,{Guid.NewGuid():N}@example.test,x\n\"Never closed,{Guid.NewGuid():N}@example.test,x\nAfter Break,{b},\"two\nlines\"\nLast One,{c},ok\n";

        var result = await ImportAsync(agent, csv, dryRun: false);

        Assert.Equal(3, result.GetProperty("created").GetInt32());
        Assert.Equal([3, 4], result.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("row").GetInt32()).ToArray());
        var exported = await ExportAsync(agent);
        Assert.Contains("Quoted, Fine", exported, StringComparison.Ordinal);
        Assert.Contains(b, exported, StringComparison.Ordinal);
        Assert.Contains(c, exported, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_windows_1250_file_without_a_bom_keeps_its_polish_letters()
    {
        using var agent = await host.CreateAgentClientAsync();
        var email = ClientCards.Email("pl");
        var bytes = Encoding.GetEncoding(1250).GetBytes($"Imię i nazwisko;E-mail;Notatka\nŁukasz Żółćwski;{email};Zażółć gęślą jaźń\n");

        var result = await ImportAsync(agent, bytes, dryRun: false,
            mapping: """{"Imię i nazwisko":"name","E-mail":"email","Notatka":"note"}""");

        Assert.Equal("windows-1250", result.GetProperty("encoding").GetString());
        Assert.Equal(1, result.GetProperty("created").GetInt32());
        var exported = await ExportAsync(agent);
        Assert.Contains("Łukasz Żółćwski", exported, StringComparison.Ordinal);
        Assert.Contains("Zażółć gęślą jaźń", exported, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_export_escapes_formula_looking_cells_and_imports_back_as_updates()
    {
        using var agent = await host.CreateAgentClientAsync();
        var email = ClientCards.Email("formula");
        var id = await ClientCards.CreateAsync(agent, new
        {
            name = "=HYPERLINK(\"http://evil.example\",\"click\")",
            note = "@SUM(A1:A9)",
            position = "-2+3",
            emails = new[] { new { address = email } },
        });

        using var response = await agent.GetAsync("/api/v1/clients/export.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        using var csv = new CsvReader(new StringReader(text), CultureInfo.InvariantCulture);
        await csv.ReadAsync();
        csv.ReadHeader();
        var row = new Dictionary<string, string>();
        while (await csv.ReadAsync())
        {
            if (csv.GetField("id") == id.ToString())
            {
                row = csv.HeaderRecord!.ToDictionary(h => h, h => csv.GetField(h)!);
            }
        }

        Assert.Equal("'=HYPERLINK(\"http://evil.example\",\"click\")", row["name"]);
        Assert.Equal("'@SUM(A1:A9)", row["note"]);
        Assert.Equal("'-2+3", row["position"]);
        Assert.Equal(email, row["emails"]);
        Assert.StartsWith("'+", row["phones"].Length == 0 ? "'+" : row["phones"], StringComparison.Ordinal);

        var reimport = await ImportAsync(agent, Encoding.UTF8.GetBytes(text), dryRun: true);
        Assert.Equal(0, reimport.GetProperty("created").GetInt32());
        Assert.Empty(reimport.GetProperty("errors").EnumerateArray());
    }

    [Fact]
    public async Task The_export_follows_the_list_filters()
    {
        using var agent = await host.CreateAgentClientAsync();
        var vip = ClientCards.Email("vip");
        var plain = ClientCards.Email("plain");
        await ClientCards.CreateAsync(agent, new { name = "Very Important", isVip = true, emails = new[] { new { address = vip } } });
        await ClientCards.CreateAsync(agent, new { name = "Plain Person", emails = new[] { new { address = plain } } });

        using var response = await agent.GetAsync("/api/v1/clients/export.csv?isVip=true");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Contains(vip, text, StringComparison.Ordinal);
        Assert.DoesNotContain(plain, text, StringComparison.Ordinal);
    }

    private static Task<JsonElement> ImportAsync(HttpClient agent, string csv, bool dryRun) =>
        ImportAsync(agent, Encoding.UTF8.GetBytes(csv), dryRun);

    private static async Task<JsonElement> ImportAsync(HttpClient agent, byte[] bytes, bool dryRun, string? mapping = null)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var form = new MultipartFormDataContent { { file, "file", "clients.csv" } };
        if (mapping is not null)
        {
            form.Add(new StringContent(mapping), "mapping");
        }

        using var response = await agent.PostAsync($"/api/v1/clients/import?dryRun={(dryRun ? "true" : "false")}", form);
        var body = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        return body;
    }

    private static async Task<string> ExportAsync(HttpClient agent)
    {
        using var response = await agent.GetAsync("/api/v1/clients/export.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
