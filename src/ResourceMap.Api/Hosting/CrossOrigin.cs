namespace ResourceMap.Api.Hosting;

/// <summary>Cors:Origins — the browser origins allowed to call the API; empty or "*" means any origin.</summary>
public sealed class CrossOriginOptions
{
    public const string Section = "Cors";

    public string[] Origins { get; set; } = [];

    public bool AnyOrigin => Origins.Length == 0 || Origins.Contains("*");
}

public static class CrossOrigin
{
    /// <summary>
    /// Map front-ends on other origins read the public directory without a proxy, as from Martin or pg_featureserv:
    /// any origin by default, never with credentials (no cookies are used; a key travels in X-Api-Key, which a page
    /// must hold explicitly, so allowing every origin opens nothing a key-less caller could not already read).
    /// The preflight allows X-Api-Key, so staff pages send keyed requests too. Operators list origins to restrict.
    /// </summary>
    public static IServiceCollection AddCrossOrigin(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(CrossOriginOptions.Section).Get<CrossOriginOptions>() ?? new CrossOriginOptions();
        return services.AddCors(o => o.AddDefaultPolicy(policy =>
        {
            if (options.AnyOrigin) policy.AllowAnyOrigin();
            else policy.WithOrigins(options.Origins);
            policy.WithMethods("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
                .WithHeaders("Content-Type", "X-Api-Key", "If-Match", "If-None-Match", "Accept")
                .WithExposedHeaders("ETag", "X-Request-Id", "Location", "Link", "Retry-After", "RateLimit-Limit", "RateLimit-Remaining",
                    "RateLimit-Reset", "RateLimit-Policy")
                // Browsers may reuse a preflight for 10 minutes instead of asking before every keyed request.
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10));
        }));
    }
}
