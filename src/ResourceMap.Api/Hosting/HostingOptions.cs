using System.ComponentModel.DataAnnotations;

namespace ResourceMap.Api.Hosting;

/// <summary>Database:* — schema management at start-up, and the searches' share of the database.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Apply pending EF Core migrations before serving (scripts/run.sh and the tests do).</summary>
    public bool MigrateOnStartup { get; set; }

    /// <summary>
    /// At most this many map searches run in the database at once; further ones wait their turn in the API (decision
    /// 16). 0 means twice the database machine's cores as this process sees them (the API and PostgreSQL share it).
    /// </summary>
    [Range(0, 1000)]
    public int SearchConnections { get; set; }

    public int SearchConnectionsOrDefault => SearchConnections > 0 ? SearchConnections : 2 * Environment.ProcessorCount;
}

/// <summary>Seed:* — what to load at start-up, and from where.</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>Municipalities, regions, taxonomy and the gazetteer from seed-data/.</summary>
    public bool ReferenceData { get; set; }

    /// <summary>The fictional sample directory (seed-data/sample-directory.json).</summary>
    public bool SampleDirectory { get; set; }

    /// <summary>The seed-data directory; found above the working directory when empty.</summary>
    public string? DataDirectory { get; set; }
}

/// <summary>Limits:* — request size.</summary>
public sealed class LimitsOptions
{
    public const string Section = "Limits";

    [Range(1024, long.MaxValue)]
    public long MaxRequestBodyBytes { get; set; } = 1_048_576;
}

/// <summary>
/// RateLimiting:* — reads per minute: per client address without a key, per API key with one (a key shared by an
/// office behind one address gets its own, larger budget); PermitPerMinute 0 switches the limiter off, as the test
/// suite does.
/// </summary>
public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    [Range(0, int.MaxValue)]
    public int PermitPerMinute { get; set; } = 600;

    [Range(1, int.MaxValue)]
    public int KeyedPermitPerMinute { get; set; } = 3000;
}

/// <summary>
/// Binds every configuration section the API reads to its options type, validated (data annotations) when the host
/// starts, so a mistyped value stops the start instead of surfacing on some request.
/// </summary>
public static class OptionsRegistration
{
    public static IServiceCollection AddResourceMapOptions(this IServiceCollection services)
    {
        Bind<DatabaseOptions>(services, DatabaseOptions.Section);
        Bind<SeedOptions>(services, SeedOptions.Section);
        Bind<LimitsOptions>(services, LimitsOptions.Section);
        Bind<RateLimitingOptions>(services, RateLimitingOptions.Section);
        Bind<CrossOriginOptions>(services, CrossOriginOptions.Section);
        Bind<PublicBaseUrlOptions>(services, PublicBaseUrlOptions.Section);
        Bind<Common.FreshnessOptions>(services, Common.FreshnessOptions.Section);
        Bind<Tiles.TileCacheOptions>(services, Tiles.TileCacheOptions.Section);
        Bind<Surveys.ImportOptions>(services, Surveys.ImportOptions.Section);
        return services;
    }

    /// <summary>
    /// The same options read while services are still being registered (Kestrel's limits, the rate limiter, CORS),
    /// before the container exists; <see cref="AddResourceMapOptions"/> validates them at start.
    /// </summary>
    public static T Bound<T>(this IConfiguration configuration, string section) where T : class, new() =>
        configuration.GetSection(section).Get<T>() ?? new T();

    private static void Bind<T>(IServiceCollection services, string section) where T : class =>
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
