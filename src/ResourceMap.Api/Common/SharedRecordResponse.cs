using System.ComponentModel;
using ResourceMap.Domain.Directory;

namespace ResourceMap.Api.Common;

/// <summary>
/// What the responses of organisations and services say alike: whether the record is stale, and whom it is shared
/// with. The restricted fields themselves differ by record and stay with each response.
/// </summary>
public abstract record SharedRecordResponse
{
    [Description("True when last_verified_at is older than the freshness period (Freshness:StaleAfterDays, 365 days by default): confirm it with POST …/verify.")]
    public bool Stale { get; init; }

    [Description("public, partners or owner.")]
    public string SharingScope { get; init; } = SharingScopes.Public;

    public IReadOnlyList<string> SharedWithRegions { get; init; } = [];
}
