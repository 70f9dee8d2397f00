using System.Globalization;
using System.Threading.RateLimiting;
using ResourceMap.Api.Common;

namespace ResourceMap.Api.Hosting;

/// <summary>
/// Rate limiting of reads and the security headers every response carries. Every read that costs the database —
/// GET/HEAD on anything but /health, and the POST searches (a 10,000-vertex polygon is a read too) — counts
/// against a fixed window per minute: per API key for clients with a valid key, per client address for everyone
/// else (an invented key is no key: it counts against the address). Writes need a key and are not limited here.
/// Every limited response carries RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset and RateLimit-Policy
/// (draft-ietf-httpapi-ratelimit-headers); a rejection is 429 with Retry-After. Behind a reverse proxy, configure
/// forwarded headers so the client address is the real one.
/// </summary>
public static class AbuseProtection
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>Reads that reach the database: everything but health probes and the API description, plus POST searches.</summary>
    public static bool IsLimitedRead(HttpRequest request) =>
        !request.Path.StartsWithSegments("/health") && !request.Path.StartsWithSegments("/swagger")
        && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
            || (HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments("/api/search")));

    public static IServiceCollection AddReadRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.Bound<RateLimitingOptions>(RateLimitingOptions.Section);
        if (options.PermitPerMinute <= 0) return services;
        services.AddSingleton(new ReadRateLimiter(options.PermitPerMinute, options.KeyedPermitPerMinute));
        return services;
    }

    /// <summary>After authentication (a valid key has its own budget), before a request costs anything.</summary>
    public static WebApplication UseReadRateLimiting(this WebApplication app)
    {
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RateLimitingOptions>>().Value.PermitPerMinute <= 0) return app;
        var limiter = app.Services.GetRequiredService<ReadRateLimiter>();
        app.Use(async (context, next) =>
        {
            if (!IsLimitedRead(context.Request))
            {
                await next(context);
                return;
            }
            var (partition, permit) = limiter.PartitionOf(context);
            using var lease = await limiter.Limiter.AcquireAsync(context, 1, context.RequestAborted);
            var headers = context.Response.Headers;
            var reset = limiter.SecondsToReset(partition);
            headers["RateLimit-Limit"] = permit.ToString(CultureInfo.InvariantCulture);
            headers["RateLimit-Remaining"] = Math.Max(0, limiter.Limiter.GetStatistics(context)?.CurrentAvailablePermits ?? 0).ToString(CultureInfo.InvariantCulture);
            headers["RateLimit-Reset"] = reset.ToString(CultureInfo.InvariantCulture);
            headers["RateLimit-Policy"] = $"{permit};w={(int)Window.TotalSeconds}";
            if (lease.IsAcquired)
            {
                await next(context);
                return;
            }
            var seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : reset;
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests, Type = Problems.TooManyRequests, Title = "Too many requests",
                    Detail = $"More than {permit} reads a minute from this {(partition.StartsWith("key:", StringComparison.Ordinal) ? "API key" : "client address")}; retry after {seconds} s.",
                },
            });
        });
        return app;
    }

    /// <summary>ASP.NET Core's fixed-window limiter, partitioned by key or address, with the window start of each partition.</summary>
    public sealed class ReadRateLimiter
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _windowStarts = new();

        public ReadRateLimiter(int permitPerAddress, int permitPerKey)
        {
            Limiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var (partition, permit) = PartitionOf(context, permitPerAddress, permitPerKey);
                return RateLimitPartition.GetFixedWindowLimiter(partition, key =>
                {
                    // A new limiter starts its first window now (also after an idle one was discarded).
                    _windowStarts[key] = Environment.TickCount64;
                    return new FixedWindowRateLimiterOptions { PermitLimit = permit, Window = Window, QueueLimit = 0, AutoReplenishment = true };
                });
            });
            PermitPerAddress = permitPerAddress;
            PermitPerKey = permitPerKey;
        }

        public PartitionedRateLimiter<HttpContext> Limiter { get; }
        public int PermitPerAddress { get; }
        public int PermitPerKey { get; }

        public (string Partition, int Permit) PartitionOf(HttpContext context) => PartitionOf(context, PermitPerAddress, PermitPerKey);

        private static (string, int) PartitionOf(HttpContext context, int permitPerAddress, int permitPerKey)
        {
            var name = context.User.Identity?.IsAuthenticated == true
                ? context.User.FindFirst(ResourceMapClaims.KeyId)?.Value ?? context.User.Identity.Name
                : null;
            return name is not null
                ? ("key:" + name, permitPerKey)
                : ("ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"), permitPerAddress);
        }

        public int SecondsToReset(string partition)
        {
            if (!_windowStarts.TryGetValue(partition, out var start)) return (int)Window.TotalSeconds;
            var window = (long)Window.TotalMilliseconds;
            var left = window - (Environment.TickCount64 - start) % window;
            return Math.Max(1, (int)Math.Ceiling(left / 1000.0));
        }
    }

    /// <summary>
    /// Headers for an API that serves data, never pages: no sniffing, no referrer, no framing, and a CSP that
    /// allows nothing. Swagger UI is an HTML page with its own scripts and styles, so it gets no CSP; the web
    /// console's pages get their own policy (<see cref="WebConsole.WebConsoleHosting.ContentSecurityPolicy"/>).
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
                if (WebConsole.WebConsoleHosting.IsConsolePath(context.Request.Path))
                    headers.ContentSecurityPolicy = WebConsole.WebConsoleHosting.ContentSecurityPolicy;
                // A page that sets its own, stricter-than-nothing policy (the print page's one stylesheet) keeps it.
                else if (!context.Request.Path.StartsWithSegments("/swagger") && !headers.ContainsKey("Content-Security-Policy"))
                    headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }
}
