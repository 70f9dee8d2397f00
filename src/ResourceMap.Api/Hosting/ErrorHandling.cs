using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using ResourceMap.Api.Common;

namespace ResourceMap.Api.Hosting;

/// <summary>
/// Turns every failure into an RFC 9457 problem, in one place: malformed JSON and parameters that fail to bind
/// are validation problems naming the field, a unique-key race is a 409, a database that cannot be reached is a
/// 503 with Retry-After, framework rejections keep their status (413, 415 …), and unexpected errors reveal no
/// stack trace or SQL.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    /// <summary>Seconds a client waits before retrying while the database is away (PostgreSQL restarts in seconds).</summary>
    public const int DatabaseRetryAfterSeconds = 1;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, type, title, detail, errors) = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } =>
                (400, Problems.Validation, "Validation failed", "The request body is not valid for this endpoint.", JsonErrors(json)),
            BadHttpRequestException bad when BindingFailure(httpContext.Request, bad.Message) is { } failure =>
                (400, Problems.Validation, "Validation failed", "A parameter could not be read.", failure),
            BadHttpRequestException bad => (bad.StatusCode, Problems.ForStatus(bad.StatusCode), Title(bad.StatusCode), bad.Message, null),
            JsonException json => (400, Problems.Validation, "Validation failed", "The request body is not valid JSON.", JsonErrors(json)),
            _ when DatabaseFaults.Classify(exception) is DatabaseFault.Duplicate =>
                (409, Problems.Conflict, "Conflict", "A record with the same key was written at the same time; read it and retry if needed.", null),
            _ when DatabaseFaults.Classify(exception) is DatabaseFault.ConcurrentWrite =>
                (409, Problems.Conflict, "Conflict", "A concurrent write touched the same records; read them again and retry.", null),
            _ when DatabaseFaults.Classify(exception) is DatabaseFault.Unavailable =>
                (503, Problems.Unavailable, "Service unavailable",
                    "The database is not reachable (or accepts only reads right now); retry shortly.", null),
            _ => (500, Problems.Internal, "Internal error", "An unexpected error occurred; it has been logged.", (Dictionary<string, string[]>?)null),
        };
        if (status >= 500 && status != 503) logger.LogError(exception, "Unhandled exception");
        else if (status == 503) logger.LogWarning("Database unavailable: {Message}", exception.GetBaseException().Message);
        else logger.LogInformation("Request rejected with {Status}: {Message}", status, exception.Message);

        if (httpContext.Response.HasStarted) return false;
        httpContext.Response.StatusCode = status;
        if (status == 503) httpContext.Response.Headers.RetryAfter = DatabaseRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Type = type, Title = title, Detail = detail };
        if (errors is not null) problem.Extensions["errors"] = errors;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static string Title(int status) => status switch
    {
        405 => "Method not allowed",
        413 => "Payload too large",
        415 => "Unsupported media type",
        _ => "Bad request",
    };

    /// <summary>{"service_area.level": ["reason"]} for a JSON body that cannot be read.</summary>
    public static Dictionary<string, string[]> JsonErrors(JsonException json)
    {
        var field = JsonField(json.Path);
        // A duplicate found while parsing a document names the property only in the message.
        if (json.Message.Contains("uplicate", StringComparison.Ordinal)
            && System.Text.RegularExpressions.Regex.Match(json.Message, "'(?<name>[^']+)'") is { Success: true } duplicate)
        {
            var name = duplicate.Groups["name"].Value;
            if (field == "body") field = name;
            else if (field != name && !field.EndsWith("." + name, StringComparison.Ordinal)) field = $"{field}.{name}";
        }
        return new() { [field] = [JsonReason(json)] };
    }

    /// <summary>"$.service_area.level" → "service_area.level"; the root becomes "body".</summary>
    private static string JsonField(string? path)
    {
        var field = (path ?? "$").TrimStart('$').TrimStart('.');
        return field.Length == 0 ? "body" : field;
    }

    private static string JsonReason(JsonException json)
    {
        if (json is RejectedJsonValueException) return json.Message;
        var message = json.Message;
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
            return "Unknown property: this field is not part of the request and is not accepted.";
        if (message.Contains("missing required properties", StringComparison.OrdinalIgnoreCase))
            return message[..Math.Min(message.Length, 300)];
        if (message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase))
            return "The property appears more than once in the object; send each property once.";
        if (json.InnerException is InvalidOperationException)
            return "The text contains a lone UTF-16 surrogate or an invalid escape.";
        return "The value has the wrong type or format for this field.";
    }

    private static readonly System.Text.RegularExpressions.Regex BindFailed = new(
        "^Failed to bind parameter \"(?<type>[^\"]*) (?<name>[^\" ]+)\" from \"(?<value>.*)\"\\.$",
        System.Text.RegularExpressions.RegexOptions.Singleline | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static readonly System.Text.RegularExpressions.Regex RequiredMissing = new(
        "^Required parameter \"(?<type>[^\"]*) (?<name>[^\" ]+)\" was not provided",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>
    /// A query, route or header value that does not convert to the parameter's type ("page=abc"), or a required one
    /// that is missing, as a validation problem keyed by the parameter's wire name (page_size, radius_m …).
    /// </summary>
    private static Dictionary<string, string[]>? BindingFailure(HttpRequest request, string message)
    {
        if (BindFailed.Match(message) is { Success: true } failed)
        {
            var name = WireName(request, failed.Groups["name"].Value);
            return new() { [name] = [$"'{Shorten(failed.Groups["value"].Value)}' is not a valid {Describe(failed.Groups["type"].Value)}."] };
        }
        if (RequiredMissing.Match(message) is { Success: true } missing)
            return new() { [WireName(request, missing.Groups["name"].Value)] = ["This parameter is required."] };
        if (message.StartsWith("Implicit body inferred", StringComparison.Ordinal) || message.Contains("no body was provided", StringComparison.Ordinal))
            return new() { ["body"] = ["A JSON request body is required."] };
        return null;
    }

    /// <summary>The query key the parameter was read from, else its snake_case name.</summary>
    private static string WireName(HttpRequest request, string parameter)
    {
        static string Fold(string s) => s.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();
        foreach (var key in request.Query.Keys)
            if (Fold(key) == Fold(parameter)) return key;
        foreach (var key in request.RouteValues.Keys)
            if (Fold(key) == Fold(parameter)) return key;
        return JsonNamingPolicy.SnakeCaseLower.ConvertName(parameter);
    }

    private static string Describe(string type)
    {
        var plain = type.Replace("Nullable<", "", StringComparison.Ordinal).TrimEnd('>');
        return plain switch
        {
            "int" or "Int32" or "long" or "Int64" => "whole number",
            "double" or "Double" or "decimal" or "Decimal" or "float" => "number",
            "bool" or "Boolean" => "boolean (true or false)",
            "Guid" => "UUID",
            "DateTimeOffset" or "DateTime" => "ISO 8601 date-time",
            "DateOnly" => "date (yyyy-MM-dd)",
            _ => plain,
        };
    }

    private static string Shorten(string value) => value.Length > 60 ? value[..60] + "…" : value;
}

/// <summary>
/// Rejects bodies over the configured limit before they are read. Kestrel enforces the same limit on streamed
/// bodies; this makes the answer a problem document and works under any server.
/// </summary>
public sealed class RequestSizeLimitMiddleware(RequestDelegate next, long maxBytes)
{
    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? maxBytes;
        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
                {
                    Status = 413, Type = Problems.PayloadTooLarge, Title = "Payload too large",
                    Detail = $"The request body is {context.Request.ContentLength} bytes; the limit for this endpoint is {limit} bytes.",
                },
            });
            return;
        }
        await next(context);
    }
}
