using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ModularDesk.Host.Http;
using Npgsql;
using Xunit;

namespace ModularDesk.Host.Tests;

/// <summary>
/// An overloaded database is a 503 with Retry-After, so Meta, Telegram and integrations retry; a bug stays a 500.
/// The exception chains are the ones a saturated host really throws (seen in the routing benchmark's first run).
/// </summary>
public sealed class OverloadTests
{
    [Fact]
    public async Task An_exhausted_connection_pool_is_a_503_with_Retry_After()
    {
        var exhausted = new InvalidOperationException(
            "An exception has been raised that is likely due to a transient failure.",
            new NpgsqlException("The connection pool has been exhausted", new TimeoutException("The operation has timed out.")));

        var (status, retryAfter, problem) = await HandleAsync(exhausted);

        Assert.Equal(503, status);
        Assert.Equal("5", retryAfter);
        Assert.EndsWith("service-unavailable", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Any_other_failure_is_a_500_without_Retry_After()
    {
        var (status, retryAfter, problem) = await HandleAsync(new InvalidOperationException("a bug"));

        Assert.Equal(500, status);
        Assert.Null(retryAfter);
        Assert.EndsWith("internal-error", problem.GetProperty("type").GetString());
        Assert.DoesNotContain("a bug", problem.GetRawText());
    }

    private static async Task<(int Status, string? RetryAfter, JsonElement Problem)> HandleAsync(Exception exception)
    {
        await using var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = "POST";
        context.Request.Path = "/api/v1/inbound";
        var body = new MemoryStream();
        context.Response.Body = body;
        var handler = new ProblemExceptionHandler(services.GetRequiredService<Microsoft.AspNetCore.Http.IProblemDetailsService>(),
            NullLogger<ProblemExceptionHandler>.Instance);

        Assert.True(await handler.TryHandleAsync(context, exception, CancellationToken.None));

        var retryAfter = context.Response.Headers.RetryAfter;
        return (context.Response.StatusCode, retryAfter.Count == 0 ? null : retryAfter.ToString(),
            JsonDocument.Parse(body.ToArray()).RootElement.Clone());
    }
}
