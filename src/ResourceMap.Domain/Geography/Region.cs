using NetTopologySuite.Geometries;

namespace ResourceMap.Domain.Geography;

public static class RegionKinds
{
    public const string Prefecture = "prefecture";
    public const string Bureau = "bureau";
    public const string Zone = "zone";
    public const string Custom = "custom";
    public static readonly IReadOnlyList<string> All = [Prefecture, Bureau, Zone, Custom];
}

/// <summary>A named set of municipalities (prefecture, bureau, wide-area zone or ad-hoc area). Regions are data.</summary>
public class Region
{
    /// <summary>Stable slug, e.g. nishi-iburi.</summary>
    public required string Id { get; set; }
    public required string NameJa { get; set; }
    public required string NameEn { get; set; }
    public required string Kind { get; set; }
    public string? Description { get; set; }
    /// <summary>Union of the members' boundaries, computed by PostGIS.</summary>
    public MultiPolygon? Geometry { get; set; }
    /// <summary>True for regions shipped in seed-data/, which the API does not let anyone change.</summary>
    public bool IsReferenceData { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<RegionMember> Members { get; set; } = [];
}

public class RegionMember
{
    public required string RegionId { get; set; }
    public required string MunicipalityCode { get; set; }
}
