using Microsoft.AspNetCore.Http;

namespace ModularDesk.BuildingBlocks.Http;

/// <summary>
/// RFC 9457 problem details with a stable slug at the end of <c>type</c>, so clients can
/// switch on <c>…/identity-conflict</c> without parsing titles.
/// </summary>
public static class Problems
{
    public const string TypePrefix = "/problems/";

    public static string Type(string slug) => TypePrefix + slug;

    public static IResult Create(
        int status, string slug, string title, string? detail = null, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, statusCode: status, title: title, type: Type(slug), extensions: extensions);

    public static IResult NotFound(string detail) =>
        Create(StatusCodes.Status404NotFound, "not-found", "Not found", detail);

    public static IResult Conflict(string slug, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        Create(StatusCodes.Status409Conflict, slug, title, detail, extensions);

    public static IResult Validation(IDictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.ValidationProblem(
            errors, detail ?? "One or more fields are invalid.", title: "The request is invalid", type: Type("validation-error"));

    public static IResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static IResult PreconditionFailed(string detail) =>
        Create(StatusCodes.Status412PreconditionFailed, "stale-version", "The resource has changed", detail);
}
