using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using ResourceMap.Api.Common;

namespace ResourceMap.Api.Hosting;

/// <summary>
/// Turns every failure into an RFC 9457 problem: malformed JSON and unknown properties name the field, framework
/// rejections keep their status (413, 415 …), and unexpected errors reveal no stack trace or SQL.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, type, title, detail, errors) = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } =>
                (400, Problems.Validation, "Validation failed", "The request body is not valid for this endpoint.",
                    new Dictionary<string, string[]> { [JsonField(json.Path)] = [JsonReason(json)] }),
            BadHttpRequestException bad => (bad.StatusCode, Problems.ForStatus(bad.StatusCode), Title(bad.StatusCode), bad.Message, null),
            JsonException json => (400, Problems.Validation, "Validation failed", "The request body is not valid JSON.",
                new Dictionary<string, string[]> { [JsonField(json.Path)] = [JsonReason(json)] }),
            _ => (500, Problems.Internal, "Internal error", "An unexpected error occurred; it has been logged.", (Dictionary<string, string[]>?)null),
        };
        if (status >= 500) logger.LogError(exception, "Unhandled exception");
        else logger.LogInformation("Request rejected with {Status}: {Message}", status, exception.Message);

        httpContext.Response.StatusCode = status;
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Type = type, Title = title, Detail = detail };
        if (errors is not null) problem.Extensions["errors"] = errors;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static string Title(int status) => status switch
    {
        413 => "Payload too large",
        415 => "Unsupported media type",
        _ => "Bad request",
    };

    /// <summary>"$.service_area.level" → "service_area.level"; the root becomes "body".</summary>
    private static string JsonField(string? path)
    {
        var field = (path ?? "$").TrimStart('$').TrimStart('.');
        return field.Length == 0 ? "body" : field;
    }

    private static string JsonReason(JsonException json)
    {
        var message = json.Message;
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
            return "Unknown property: this field is not part of the request and is not accepted.";
        if (message.Contains("missing required properties", StringComparison.OrdinalIgnoreCase))
            return message[..Math.Min(message.Length, 300)];
        return "The value has the wrong type or format for this field.";
    }
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
