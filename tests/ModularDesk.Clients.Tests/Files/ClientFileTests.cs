using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using ModularDesk.Clients.Tests.Support;
using ModularDesk.Testing;

namespace ModularDesk.Clients.Tests.Files;

/// <summary>An agent attaching, renaming, downloading and removing files on a card (C18).</summary>
public sealed class ClientFileTests(HostFixture host) : IClassFixture<HostFixture>
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    [Fact]
    public async Task A_file_is_uploaded_renamed_downloaded_and_removed_and_each_step_is_a_card_change()
    {
        using var agent = await host.CreateAgentClientAsync();
        var client = await ClientCards.CreateWithEmailAsync(agent, "Files Person");

        using var uploaded = await UploadAsync(agent, client, Png, "C:\\fakepath\\photo.png", "application/pdf");

        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var file = await uploaded.JsonAsync();
        var fileId = file.GetProperty("id").GetGuid();
        Assert.Equal("photo.png", file.GetProperty("name").GetString());
        Assert.Equal(Png.Length, file.GetProperty("size").GetInt64());
        Assert.Equal("image/png", file.GetProperty("contentType").GetString());

        using var renamed = await agent.PatchJsonAsync($"/api/v1/clients/{client}/files/{fileId}", new { name = "passport.png" });
        Assert.Equal("passport.png", (await renamed.JsonAsync()).GetProperty("name").GetString());

        using var download = await agent.GetAsync($"/api/v1/clients/{client}/files/{fileId}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Png, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("passport.png", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());

        using var list = await agent.GetAsync($"/api/v1/clients/{client}/files");
        Assert.Single((await list.JsonAsync()).GetProperty("items").EnumerateArray());

        using var deleted = await agent.DeleteAsync($"/api/v1/clients/{client}/files/{fileId}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await agent.GetAsync($"/api/v1/clients/{client}/files/{fileId}");
        await gone.AssertProblemAsync(404, "not-found");
        var kinds = await ClientCards.ChangeKindsAsync(host.Database, client);
        Assert.Equal(["fileAdded", "fileRenamed", "fileRemoved"], kinds.Where(k => k.StartsWith("file", StringComparison.Ordinal)).ToArray());
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>", "text/html")]
    [InlineData("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>", "image/svg+xml")]
    public async Task A_script_declared_as_a_png_is_sniffed_and_only_ever_served_as_an_attachment(string content, string sniffed)
    {
        using var agent = await host.CreateAgentClientAsync();
        var client = await ClientCards.CreateWithEmailAsync(agent, "Target");

        using var uploaded = await UploadAsync(agent, client, Encoding.UTF8.GetBytes(content), "cute-cat.png", "image/png");

        var file = await uploaded.JsonAsync();
        Assert.Equal(sniffed, file.GetProperty("contentType").GetString());
        using var download = await agent.GetAsync($"/api/v1/clients/{client}/files/{file.GetProperty("id").GetGuid()}");
        Assert.Equal("application/octet-stream", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("sandbox", download.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_over_25_MB_is_a_413_and_nothing_is_attached()
    {
        using var agent = await host.CreateAgentClientAsync();
        var client = await ClientCards.CreateWithEmailAsync(agent, "Big Files");

        using var response = await UploadAsync(agent, client, new byte[25 * 1024 * 1024 + 1], "huge.bin", "application/octet-stream");

        await response.AssertProblemAsync(413, "file-too-large");
        using var list = await agent.GetAsync($"/api/v1/clients/{client}/files");
        Assert.Empty((await list.JsonAsync()).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Uploading_to_an_unknown_card_or_without_a_file_field_is_refused()
    {
        using var agent = await host.CreateAgentClientAsync();
        var client = await ClientCards.CreateWithEmailAsync(agent, "No Field");

        using var unknown = await UploadAsync(agent, Guid.NewGuid(), Png, "a.png", "image/png");
        using var form = new MultipartFormDataContent { { new StringContent("hello"), "note" } };
        using var noFile = await agent.PostAsync($"/api/v1/clients/{client}/files", form);
        using var json = await agent.PostAsJsonAsync($"/api/v1/clients/{client}/files", new { file = "x" });
        using var anonymous = host.CreateClient();
        using var unauthorized = await UploadAsync(anonymous, client, Png, "a.png", "image/png");

        await unknown.AssertProblemAsync(404, "not-found");
        Assert.Equal(["file"], await noFile.ValidationFieldsAsync());
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient agent, Guid client, byte[] bytes, string name, string declaredType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(declaredType);
        var form = new MultipartFormDataContent { { content, "file", name } };
        return agent.PostAsync($"/api/v1/clients/{client}/files", form);
    }
}
