using System.Text.Json.Serialization;
using NetTopologySuite.Geometries;

namespace ResourceMap.Api.Common;

public static class GeoJsonMedia
{
    public const string MediaType = "application/geo+json";

    private static readonly string[] JsonOrGeoJson = ["application/json", MediaType];

    /// <summary>True when the client asks for GeoJSON by format=geojson, or prefers it to JSON by Accept (q-values honoured).</summary>
    public static bool Requested(HttpRequest request, string? format) =>
        format is not null
            ? string.Equals(format, "geojson", StringComparison.OrdinalIgnoreCase)
            : Hosting.ContentNegotiation.Choose(request, JsonOrGeoJson) == MediaType;
}

/// <summary>An RFC 7946 Feature. The geometry serialises through NetTopologySuite's GeoJSON converter.</summary>
public record GeoJsonFeature<TProperties>(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("geometry")] Geometry? Geometry,
    [property: JsonPropertyName("properties")] TProperties Properties)
{
    [JsonPropertyName("type")] public string Type => "Feature";
}

/// <summary>Latitude/longitude pair in WGS84 degrees, as map front-ends expect them.</summary>
public record LatLng(double Lat, double Lng)
{
    public static LatLng? From(Point? point) => point is null ? null : new LatLng(point.Y, point.X);
}
