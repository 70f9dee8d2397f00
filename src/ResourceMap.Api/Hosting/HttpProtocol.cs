using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;
using ResourceMap.Api.Common;

namespace ResourceMap.Api.Hosting;

/// <summary>HTTP rules every endpoint shares: HEAD for every GET, and the request media type each endpoint accepts.</summary>
public static class HttpProtocol
{
    /// <summary>
    /// HEAD is answered by the GET endpoint with the body discarded (RFC 9110 §9.3.2: same headers, no content).
    /// Must run before routing, which matches the method.
    /// </summary>
    public static WebApplication UseHeadAsGet(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await next(context);
                return;
            }
            context.Request.Method = HttpMethods.Get;
            var body = context.Response.Body;
            context.Response.Body = Stream.Null;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = body;
                context.Request.Method = HttpMethods.Head;
            }
        });
        return app;
    }

    /// <summary>
    /// A request body must come in a media type the endpoint declares (its Accepts metadata: application/json for
    /// JSON bodies, application/merge-patch+json for PATCH, multipart/form-data for uploads); anything else is 415
    /// before the body is read. Endpoints without a body ignore Content-Type.
    /// </summary>
    public static WebApplication UseDeclaredMediaTypes(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            var accepts = context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>();
            var hasBody = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0)
                          || request.ContentType is not null;
            if (accepts is { ContentTypes.Count: > 0 } && hasBody && !Accepted(request.ContentType, accepts.ContentTypes))
            {
                context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
                    {
                        Status = 415, Type = Problems.UnsupportedMediaType, Title = "Unsupported media type",
                        Detail = $"{request.Method} {request.Path} takes Content-Type {string.Join(" or ", accepts.ContentTypes)}; " +
                                 $"got {(string.IsNullOrEmpty(request.ContentType) ? "none" : request.ContentType)}.",
                    },
                });
                return;
            }
            // A multipart body that cannot be parsed (cut off before its closing boundary, a part without headers) is
            // a 400 naming the upload's part, not a bare status from the framework's form binding. The form is read
            // here once; the endpoint's binding takes it from the request.
            if (request.HasFormContentType && accepts is { ContentTypes.Count: > 0 })
            {
                try
                {
                    await request.ReadFormAsync(context.RequestAborted);
                }
                // BadHttpRequestException is an IOException too: a body over the limit stays the framework's 413.
                catch (Exception e) when (e is InvalidDataException or (IOException and not BadHttpRequestException)
                                          && !context.RequestAborted.IsCancellationRequested)
                {
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                    {
                        HttpContext = context,
                        ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
                        {
                            Status = 400, Type = Problems.Validation, Title = "Validation failed",
                            Detail = "The multipart/form-data body cannot be read.",
                            Extensions = { ["errors"] = new Dictionary<string, string[]> { ["file"] = [$"The multipart body is malformed or cut off: {e.Message}"] } },
                        },
                    });
                    return;
                }
            }
            await next(context);
        });
        return app;
    }

    private static bool Accepted(string? contentType, IReadOnlyList<string> accepted)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var sent)) return false;
        return accepted.Any(a => MediaTypeHeaderValue.TryParse(a, out var allowed)
                                 && string.Equals(sent.MediaType.Value, allowed.MediaType.Value, StringComparison.OrdinalIgnoreCase));
    }
}
