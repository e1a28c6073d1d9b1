using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using ModularDesk.BuildingBlocks.Http;
using Npgsql;

namespace ModularDesk.Host.Http;

/// <summary>
/// Turns every exception into problem details: a request the framework could not read keeps its
/// status (400 malformed JSON, 413 too large) with a reason a client can act on; a database that is
/// momentarily out of reach or out of connections (an overload, a failover) is a 503 with Retry-After, so
/// webhook senders and integrations retry instead of treating it as a bug; anything else is a 500 that
/// names the trace id and never the stack trace.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    private const string RetryAfterSeconds = "5";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, slug, title, detail) = exception switch
        {
            BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge =>
                (bad.StatusCode, "payload-too-large", "The request body is too large", bad.Message),
            BadHttpRequestException bad =>
                (bad.StatusCode, "malformed-request", "The request could not be read", Describe(bad)),
            _ when IsTransientDatabaseFailure(exception) =>
                (StatusCodes.Status503ServiceUnavailable, "service-unavailable", "The service is busy",
                    "The database is momentarily unavailable; nothing was changed. Try again in a few seconds."),
            _ => (StatusCodes.Status500InternalServerError, "internal-error", "An unexpected error occurred",
                "The error was logged; quote the trace id when reporting it."),
        };

        if (status >= 500)
        {
            LogUnhandled(exception, httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Type = Problems.Type(slug), Title = title, Detail = detail },
        });
    }

    /// <summary>
    /// EF Core's retrying strategy wraps the last failure in an InvalidOperationException, so the whole chain is read;
    /// Npgsql marks pool exhaustion, timeouts and dropped connections as transient.
    /// </summary>
    private static bool IsTransientDatabaseFailure(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is NpgsqlException { IsTransient: true })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The JSON reader's message names the path and position ("$.email, line 1"), which is what a caller needs.</summary>
    private static string Describe(BadHttpRequestException exception) =>
        exception.InnerException is JsonException json ? $"{exception.Message} {json.Message}" : exception.Message;

    [LoggerMessage(LogLevel.Error, "Unhandled exception on {Method} {Path}")]
    private partial void LogUnhandled(Exception exception, string method, string path);
}
