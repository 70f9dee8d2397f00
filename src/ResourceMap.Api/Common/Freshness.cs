namespace ResourceMap.Api.Common;

/// <summary>
/// When a record counts as stale: not confirmed (by an edit, a survey answer or POST …/verify) for
/// Freshness:StaleAfterDays days (365 unless configured). Set once at start-up from configuration.
/// </summary>
public static class Freshness
{
    public const int DefaultStaleAfterDays = 365;

    public static TimeSpan StaleAfter { get; private set; } = TimeSpan.FromDays(DefaultStaleAfterDays);

    public static void Configure(IConfiguration configuration)
    {
        var days = configuration.GetValue("Freshness:StaleAfterDays", DefaultStaleAfterDays);
        StaleAfter = TimeSpan.FromDays(days > 0 ? days : DefaultStaleAfterDays);
    }

    /// <summary>Records verified before this moment are stale.</summary>
    public static DateTimeOffset Cutoff(DateTimeOffset now) => now - StaleAfter;

    public static bool IsStale(DateTimeOffset lastVerifiedAt) => lastVerifiedAt < Cutoff(DateTimeOffset.UtcNow);
}
