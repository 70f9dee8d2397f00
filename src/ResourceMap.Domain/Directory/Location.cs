using NetTopologySuite.Geometries;

namespace ResourceMap.Domain.Directory;

public static class LocationPrecisions
{
    public const string Exact = "exact";
    public const string Town = "town";
    public const string Municipality = "municipality";
}

/// <summary>A site (HSDS location): an address and a point. Services of several organisations may share one.</summary>
public class Location : IDirectoryRecord
{
    public Guid Id { get; set; }
    public string? Name { get; set; }
    public required string Address { get; set; }
    public string? PostalCode { get; set; }
    public required string MunicipalityCode { get; set; }
    /// <summary>WGS84 point (SRID 4326), stored as geography so distances are in metres.</summary>
    public required Point Point { get; set; }
    public required string Precision { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset LastVerifiedAt { get; set; }
    public DateTimeOffset? ArchivedAt { get; set; }
    public uint Version { get; set; }
}
