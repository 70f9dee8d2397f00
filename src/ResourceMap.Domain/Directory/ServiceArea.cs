using NetTopologySuite.Geometries;

namespace ResourceMap.Domain.Directory;

public static class ServiceAreaLevels
{
    public const string PartOfMunicipality = "part_of_municipality";
    public const string Municipality = "municipality";
    public const string MultipleMunicipalities = "multiple_municipalities";
    public const string Region = "region";
    public const string Prefecture = "prefecture";
    public const string National = "national";

    /// <summary>From the most local to the widest: coverage results are ordered this way.</summary>
    public static readonly IReadOnlyList<string> All =
        [PartOfMunicipality, Municipality, MultipleMunicipalities, Region, Prefecture, National];

    /// <summary>The levels whose covered municipality codes are looked up in the partial GIN index (the narrow ones).</summary>
    public static readonly IReadOnlyList<string> Local = [PartOfMunicipality, Municipality, MultipleMunicipalities, Region];

    /// <summary>
    /// <see cref="Local"/> as a SQL list, the one spelling the partial index ix_service_areas_local_covered_codes, the
    /// coverage search and the gap analysis share (a query matches a partial index only with the same predicate).
    /// </summary>
    public static readonly string LocalSqlList = string.Join(", ", Local.Select(level => $"'{level}'"));
}

/// <summary>
/// Where a service is offered (HSDS service_area). The covered codes (and, for a drawn district, the clipped
/// geometry) are derived in PostGIS from the level and its members, so coverage queries need only index lookups.
/// </summary>
public class ServiceArea
{
    public Guid ServiceId { get; set; }
    public required string Level { get; set; }
    public List<string> MunicipalityCodes { get; set; } = [];
    public string? RegionId { get; set; }
    public string? PrefectureCode { get; set; }
    /// <summary>Name of the district for part of a municipality, e.g. 鷲別地区.</summary>
    public string? DistrictName { get; set; }
    /// <summary>Drawn polygon for part of a municipality, clipped to it.</summary>
    public MultiPolygon? DrawnArea { get; set; }
    /// <summary>Derived: every municipality the area touches (all of Japan's codes are implied for national).</summary>
    public List<string> CoveredMunicipalityCodes { get; set; } = [];
    /// <summary>Derived: the drawn district clipped to its municipality (SRID 4326); null when the area is whole municipalities.</summary>
    public MultiPolygon? Geometry { get; set; }
}
