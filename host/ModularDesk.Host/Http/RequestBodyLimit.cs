using Microsoft.AspNetCore.Http.Features;
using ModularDesk.BuildingBlocks.Http;

namespace ModularDesk.Host.Http;

/// <summary>
/// Enforces a body size limit on every request: the endpoint's <see cref="BodySizeLimit"/> or the
/// default. Declared sizes over the limit are refused before reading; chunked bodies are cut off by
/// the server feature.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, long defaultLimit)
{
    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problemDetails)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<BodySizeLimit>()?.Bytes ?? defaultLimit;
        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problemDetails.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Type = Problems.Type("payload-too-large"),
                    Title = "The request body is too large",
                    Detail = $"This endpoint accepts at most {limit} bytes.",
                },
            });
            return;
        }

        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = limit;
        }
        else
        {
            context.Request.Body = new LimitedRequestStream(context.Request.Body, limit);
        }

        await next(context);
    }
}
