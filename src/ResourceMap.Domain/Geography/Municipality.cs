using NetTopologySuite.Geometries;

namespace ResourceMap.Domain.Geography;

/// <summary>A municipality (or a designated city's ward) as coded in the national land information N03 data.</summary>
public class Municipality
{
    /// <summary>5-digit code without check digit, e.g. 01230.</summary>
    public required string Code { get; set; }
    /// <summary>Official 6-digit code with its computed check digit, e.g. 012301.</summary>
    public required string OfficialCode { get; set; }
    public required string PrefectureCode { get; set; }
    public required string Prefecture { get; set; }
    /// <summary>Hokkaido's sub-prefecture bureau (振興局); null elsewhere.</summary>
    public string? Bureau { get; set; }
    /// <summary>District (郡) or designated city (for wards); null when neither applies.</summary>
    public string? DistrictOrCity { get; set; }
    public required string Name { get; set; }
    /// <summary>Northern Territories villages: coded, but outside Japan's administration today.</summary>
    public bool IsUnadministered { get; set; }
    public required MultiPolygon Boundary { get; set; }
    /// <summary>A point guaranteed to lie on the boundary's surface (ST_PointOnSurface).</summary>
    public required Point RepresentativePoint { get; set; }

    public string FullName => (DistrictOrCity ?? "") + Name;
}
