using Microsoft.AspNetCore.Http;
using ModularDesk.BuildingBlocks.Http;

namespace ModularDesk.Host.Http;

/// <summary>
/// Problems the framework writes on its own (unknown route, 401/403 challenges, 415) get the same
/// stable <c>/problems/&lt;slug&gt;</c> types as the modules' problems, and every problem names its trace id.
/// </summary>
internal static class ProblemTypes
{
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
        {
            problem.Type = Problems.Type(SlugFor(problem.Status ?? context.HttpContext.Response.StatusCode));
        }

        problem.Extensions["traceId"] = System.Diagnostics.Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
    }

    private static string SlugFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "bad-request",
        StatusCodes.Status401Unauthorized => "unauthorized",
        StatusCodes.Status403Forbidden => "forbidden",
        StatusCodes.Status404NotFound => "not-found",
        StatusCodes.Status405MethodNotAllowed => "method-not-allowed",
        StatusCodes.Status409Conflict => "conflict",
        StatusCodes.Status412PreconditionFailed => "stale-version",
        StatusCodes.Status413PayloadTooLarge => "payload-too-large",
        StatusCodes.Status415UnsupportedMediaType => "unsupported-media-type",
        StatusCodes.Status422UnprocessableEntity => "unprocessable",
        StatusCodes.Status429TooManyRequests => "too-many-requests",
        _ when status >= 500 => "internal-error",
        _ => "error",
    };
}
