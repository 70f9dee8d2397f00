using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using ResourceMap.Api.Common;

namespace ResourceMap.Api.Hosting;

/// <summary>
/// Rate limiting of reads and the security headers every response carries. Writes need an API key and are not
/// limited here; reads are limited per client IP whatever headers they carry, so an invented X-Api-Key cannot
/// lift the limit. Behind a reverse proxy, configure forwarded headers so the client IP is the real one.
/// </summary>
public static class AbuseProtection
{
    public static IServiceCollection AddReadRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var permit = configuration.Bound<RateLimitingOptions>(RateLimitingOptions.Section).PermitPerMinute;
        if (permit <= 0) return services;
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var request = context.Request;
                if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                    || request.Path.StartsWithSegments("/health"))
                    return RateLimitPartition.GetNoLimiter("unlimited");
                var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true,
                });
            });
            options.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                var http = context.HttpContext;
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests, Type = Problems.TooManyRequests, Title = "Too many requests",
                        Detail = $"More than {permit} reads a minute from this client; retry after {seconds} s.",
                    },
                });
            };
        });
        return services;
    }

    public static WebApplication UseReadRateLimiting(this WebApplication app)
    {
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RateLimitingOptions>>().Value.PermitPerMinute > 0)
            app.UseRateLimiter();
        return app;
    }

    /// <summary>
    /// Headers for an API that serves data, never pages: no sniffing, no referrer, no framing, and a CSP that
    /// allows nothing. Swagger UI is an HTML page with its own scripts and styles, so it gets no CSP.
    /// </summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            // OnStarting, because the exception handler clears headers set earlier.
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.XFrameOptions = "DENY";
                if (!context.Request.Path.StartsWithSegments("/swagger"))
                    headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }
}
