using NetTopologySuite.Geometries;

namespace ResourceMap.Infrastructure.Search;

/// <summary>The filters every search endpoint and the service tiles accept, combined with AND.</summary>
public sealed record SearchFilters
{
    public string? Category { get; init; }
    public string? TargetGroup { get; init; }
    public string? Keyword { get; init; }
    public string? Channel { get; init; }
    public bool? AnonymousOk { get; init; }
    public bool? AcceptsOtherMunicipalities { get; init; }
    /// <summary>Open at this moment, judged in Japan time against the weekly hours.</summary>
    public DateTimeOffset? OpenAt { get; init; }
    /// <summary>Already normalised with JapaneseText.SearchKey, at least 2 characters.</summary>
    public string? TextKey { get; init; }
}

/// <summary>One service at one site (HSDS service_at_location), or a service without a site (phone/SNS lines).</summary>
public sealed record SearchHit(
    Guid ServiceId,
    string ServiceName,
    string Category,
    bool AnonymousOk,
    bool AcceptsOtherMunicipalities,
    string[] TargetGroups,
    string[] ProblemKeywords,
    string[] Channels,
    Guid OrganizationId,
    string OrganizationName,
    Guid? LocationId,
    string? Address,
    string? MunicipalityCode,
    double? Lat,
    double? Lng,
    string ServiceAreaLevel,
    double? DistanceMetres,
    DateTimeOffset LastVerifiedAt);

/// <summary>Where a "within" search looks: exactly one of these is set.</summary>
public sealed record SearchArea
{
    public string? MunicipalityCode { get; init; }
    public string? RegionId { get; init; }
    public Geometry? Polygon { get; init; }
}

/// <summary>Keyset position after the last hit of a page; which parts are used depends on the query kind.</summary>
public sealed record SearchCursor(double? Distance, Guid ServiceId, Guid? LocationId, int? LevelRank);

public sealed record SearchPage(IReadOnlyList<SearchHit> Hits, SearchCursor? Next, long? Total);
