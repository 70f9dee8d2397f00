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
    /// <summary>No filter narrows the search (the caller's sharing rule still applies).</summary>
    public bool SelectsEverything =>
        Category is null && TargetGroup is null && Keyword is null && Channel is null && AnonymousOk is null
        && AcceptsOtherMunicipalities is null && OpenAt is null && TextKey is null;

    /// <summary>Whose search it is: only services (and organisations) whose sharing scope lets this caller read them match.</summary>
    public SearchViewer Viewer { get; init; } = SearchViewer.Public;
}

/// <summary>
/// The caller of a search, for the sharing-scope condition: the public (no staff key) sees only public services of
/// public organisations; staff also see what their home municipality owns and partners-scoped records shared with a
/// region their home municipality belongs to; admins see everything.
/// </summary>
public sealed record SearchViewer(bool SeesEverything, string? Home, IReadOnlyList<string> HomeRegions)
{
    public static readonly SearchViewer Public = new(false, null, []);
    public static readonly SearchViewer Everything = new(true, null, []);

    /// <summary>A stable key (also part of tile cache keys, so one caller's tile is never served to another kind of caller).</summary>
    public override string ToString() =>
        SeesEverything ? "all" : Home is null ? "public" : $"{Home}:{string.Join(',', HomeRegions.Order(StringComparer.Ordinal))}";

    public bool IsPublic => !SeesEverything && Home is null;
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

/// <summary>Whom a record is shared with: its sharing scope, owner municipality and shared_with_regions.</summary>
public sealed record RecordSharing(string Scope, string OwnerMunicipalityCode, string[] SharedWithRegions);
