using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging.Abstractions;
using ModularDesk.Channels.Plugins;
using ModularDesk.Channels.Plugins.Supervision;
using ModularDesk.Channels.Plugins.Webhooks;
using ModularDesk.Plugins.Tests.Support;

namespace ModularDesk.Plugins.Tests.Webhooks;

public sealed class WebhookDispatcherTests : IDisposable
{
    private readonly TestPluginFolders folders = new(TestPluginFolders.Working, TestPluginFolders.Crashing);
    private readonly PluginCatalog catalog;
    private readonly InMemoryChannelContextFactory contexts = new(TimeProvider.System);
    private readonly ChannelConnectors connectors;
    private readonly WebhookDispatcher dispatcher;

    public WebhookDispatcherTests()
    {
        catalog = new PluginCatalog(new PluginDirectory(folders.Path), NullLogger<PluginCatalog>.Instance);
        connectors = new ChannelConnectors(catalog, [contexts], NullLogger<ChannelConnectors>.Instance);
        dispatcher = new WebhookDispatcher(connectors, NullLogger<WebhookDispatcher>.Instance);
    }

    public void Dispose()
    {
        connectors.DisposeAsync().AsTask().GetAwaiter().GetResult();
        catalog.Dispose();
        folders.Dispose();
    }

    [Fact]
    public async Task The_connector_gets_method_path_query_headers_and_raw_body_and_its_response_is_sent_back()
    {
        var channel = new SupervisedChannel(Guid.NewGuid(), "test-working");
        contexts.For(channel.ChannelId).Secrets["webhookSecret"] = "s3cret";
        var http = Request("POST", channel, "?tag=a&tag=b", """{"externalMessageId":"w-1","from":"ola@acme.pl","text":"Hi"}""");
        http.Request.Headers["x-test-secret"] = "s3cret";

        var (status, contentType, body) = await ExecuteAsync(await dispatcher.DispatchAsync(http, channel), http);

        Assert.Equal(200, status);
        Assert.StartsWith("application/json", contentType);
        using var echo = JsonDocument.Parse(body);
        Assert.Equal("POST", echo.RootElement.GetProperty("method").GetString());
        Assert.Equal($"/channels/{channel.ChannelId}/webhook", echo.RootElement.GetProperty("path").GetString());
        Assert.Equal(["a", "b"], echo.RootElement.GetProperty("query").GetProperty("tag").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("""{"externalMessageId":"w-1","from":"ola@acme.pl","text":"Hi"}""", echo.RootElement.GetProperty("body").GetString());
        Assert.False(echo.RootElement.GetProperty("duplicate").GetBoolean());
        Assert.Equal("w-1", Assert.Single(contexts.For(channel.ChannelId).Inbox).ExternalMessageId);
    }

    [Fact]
    public async Task The_connectors_own_verification_decides_the_status()
    {
        var channel = new SupervisedChannel(Guid.NewGuid(), "test-working");
        contexts.For(channel.ChannelId).Secrets["webhookSecret"] = "s3cret";
        var http = Request("POST", channel, "", """{"externalMessageId":"w-2","from":"ola@acme.pl"}""");

        var (status, _, _) = await ExecuteAsync(await dispatcher.DispatchAsync(http, channel), http);

        Assert.Equal(401, status);
        Assert.Empty(contexts.For(channel.ChannelId).Inbox);
    }

    [Fact]
    public async Task A_verification_handshake_gets_the_plain_text_challenge_back()
    {
        var channel = new SupervisedChannel(Guid.NewGuid(), "test-working");
        var http = Request("GET", channel, "?challenge=12345", "");

        var (status, contentType, body) = await ExecuteAsync(await dispatcher.DispatchAsync(http, channel), http);

        Assert.Equal(200, status);
        Assert.StartsWith("text/plain", contentType);
        Assert.Equal("12345", body);
    }

    [Fact]
    public async Task A_channel_whose_connector_takes_no_webhooks_answers_404()
    {
        var channel = new SupervisedChannel(Guid.NewGuid(), "test-crashing");

        var result = await dispatcher.DispatchAsync(Request("POST", channel, "", "{}"), channel);

        Assert.Equal(404, Assert.IsType<ProblemHttpResult>(result).StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_before_the_connector_sees_it()
    {
        var channel = new SupervisedChannel(Guid.NewGuid(), "test-working");
        var http = Request("POST", channel, "", new string('x', WebhookDispatcher.MaxBodyBytes + 1));
        http.Request.ContentLength = null;

        var result = await dispatcher.DispatchAsync(http, channel);

        Assert.Equal(413, Assert.IsType<ProblemHttpResult>(result).StatusCode);
    }

    private static DefaultHttpContext Request(string method, SupervisedChannel channel, string query, string body)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        http.Request.Path = $"/channels/{channel.ChannelId}/webhook";
        http.Request.QueryString = new QueryString(query.Length > 0 ? query : null);
        http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        http.Request.ContentLength = Encoding.UTF8.GetByteCount(body);
        http.Connection.RemoteIpAddress = IPAddress.Loopback;
        http.Response.Body = new MemoryStream();
        return http;
    }

    private static async Task<(int Status, string? ContentType, string Body)> ExecuteAsync(IResult result, HttpContext http)
    {
        await result.ExecuteAsync(http);
        http.Response.Body.Position = 0;
        using var reader = new StreamReader(http.Response.Body);
        return (http.Response.StatusCode, http.Response.ContentType, await reader.ReadToEndAsync());
    }
}
