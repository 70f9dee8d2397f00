using Microsoft.AspNetCore.Http.HttpResults;
namespace ResourceMap.Api.Common;

/// <summary>Stable RFC 9457 problem type URIs. Clients switch on these, never on the title text.</summary>
public static class Problems
{
    public const string Validation = "urn:resourcemap:problem:validation";
    public const string MalformedRequest = "urn:resourcemap:problem:malformed-request";
    public const string Unauthorized = "urn:resourcemap:problem:unauthorized";
    public const string Forbidden = "urn:resourcemap:problem:forbidden";
    public const string NotFound = "urn:resourcemap:problem:not-found";
    public const string Conflict = "urn:resourcemap:problem:conflict";
    public const string PreconditionFailed = "urn:resourcemap:problem:precondition-failed";
    public const string PayloadTooLarge = "urn:resourcemap:problem:payload-too-large";
    public const string UnsupportedMediaType = "urn:resourcemap:problem:unsupported-media-type";
    public const string NotAcceptable = "urn:resourcemap:problem:not-acceptable";
    public const string TooManyRequests = "urn:resourcemap:problem:too-many-requests";
    public const string MethodNotAllowed = "urn:resourcemap:problem:method-not-allowed";
    public const string Unavailable = "urn:resourcemap:problem:unavailable";
    public const string Internal = "urn:resourcemap:problem:internal";

    public static string ForStatus(int status) => status switch
    {
        400 => MalformedRequest,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        409 => Conflict,
        412 => PreconditionFailed,
        413 => PayloadTooLarge,
        406 => NotAcceptable,
        415 => UnsupportedMediaType,
        429 => TooManyRequests,
        503 => Unavailable,
        _ => Internal,
    };

    public static ProblemHttpResult NotFoundProblem(string what, object id) =>
        TypedResults.Problem(statusCode: 404, type: NotFound, title: "Not found", detail: $"No {what} with id '{id}'.");

    public static ProblemHttpResult ConflictProblem(string detail) =>
        TypedResults.Problem(statusCode: 409, type: Conflict, title: "Conflict", detail: detail);

    public static ProblemHttpResult StaleProblem(string what) =>
        TypedResults.Problem(statusCode: 412, type: PreconditionFailed, title: "Precondition failed",
            detail: $"The {what} has changed since the ETag in If-Match was issued; read it again and retry.");

    /// <summary>A 400 with per-field errors: each key is the request field (snake_case), each value the reasons.</summary>
    public static ValidationProblem ValidationProblem(IDictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.ValidationProblem(errors, detail ?? "One or more fields are invalid.", type: Validation,
            title: "Validation failed");

    public static ValidationProblem ValidationProblem(string field, string reason) =>
        ValidationProblem(new Dictionary<string, string[]> { [field] = [reason] });

    /// <summary>An uploaded table that cannot be read at all (415 for the wrong kind of file, 400 otherwise), naming its field.</summary>
    public static ProblemHttpResult FileProblem(Infrastructure.Surveys.TabularFileException e) =>
        TypedResults.Problem(statusCode: e.Status, type: e.Status switch { 415 => UnsupportedMediaType, 413 => PayloadTooLarge, _ => Validation },
            title: e.Status switch { 415 => "Unsupported media type", 413 => "The file is too large once inflated", _ => "The file cannot be imported" },
            detail: e.Message,
            extensions: new Dictionary<string, object?>
            {
                ["detail_ja"] = e.DetailJa,
                ["detail_en"] = e.Message,
                ["errors"] = new Dictionary<string, string[]> { [e.Field] = e.DetailJa == e.Message ? [e.Message] : [e.DetailJa, e.Message] },
            });
}
