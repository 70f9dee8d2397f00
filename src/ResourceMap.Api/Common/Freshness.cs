using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ResourceMap.Api.Common;

/// <summary>Freshness:StaleAfterDays — how long a confirmation (an edit, a survey answer, POST …/verify) lasts.</summary>
public sealed class FreshnessOptions
{
    public const string Section = "Freshness";

    [Range(1, 36_500)]
    public int StaleAfterDays { get; set; } = 365;
}

/// <summary>
/// When a record counts as stale: not confirmed for <see cref="FreshnessOptions.StaleAfterDays"/> days, measured on
/// the injected clock (TimeProvider), so a test or a replay can move time without touching the data.
/// </summary>
public sealed class Freshness(IOptions<FreshnessOptions> options, TimeProvider clock)
{
    public TimeSpan StaleAfter => TimeSpan.FromDays(options.Value.StaleAfterDays);

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Records verified before this moment are stale.</summary>
    public DateTimeOffset Cutoff(DateTimeOffset now) => now - StaleAfter;

    public bool IsStale(DateTimeOffset lastVerifiedAt) => lastVerifiedAt < Cutoff(Now);
}
