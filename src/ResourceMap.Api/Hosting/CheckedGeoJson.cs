using System.Text.Json;
using System.Text.Json.Serialization;
using NetTopologySuite.Geometries;

namespace ResourceMap.Api.Hosting;

/// <summary>
/// NetTopologySuite's GeoJSON reader, with everything it would let through or throw on turned into a 400 naming
/// the field: unknown or missing type, empty coordinates, rings that are not closed or too short, and coordinates
/// outside WGS84 (latitude beyond ±90, longitude beyond ±180). Every geometry property of every request body reads
/// through here.
/// </summary>
public sealed class CheckedGeoJsonConverterFactory(JsonConverterFactory inner) : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => inner.CanConvert(typeToConvert);

    public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options)
    {
        var converter = inner.CreateConverter(typeToConvert, options);
        // Request bodies declare Geometry; NTS serves its subtypes (response MultiPolygons) through the same converter.
        if (!typeof(Geometry).IsAssignableFrom(typeToConvert) || converter is null
            || !typeof(JsonConverter<>).MakeGenericType(typeToConvert).IsInstanceOfType(converter)) return converter;
        return (JsonConverter)Activator.CreateInstance(typeof(CheckedGeometryConverter<>).MakeGenericType(typeToConvert), converter)!;
    }
}

public sealed class CheckedGeometryConverter<T>(JsonConverter inner) : JsonConverter<T> where T : Geometry
{
    private readonly JsonConverter<T> _inner = (JsonConverter<T>)inner;

    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new RejectedJsonValueException("A GeoJSON geometry is an object with \"type\" and \"coordinates\".");
        // NTS reads the object by hand, so STJ's duplicate-key check does not reach inside: check the value first.
        var copy = reader;
        try
        {
            using var document = JsonDocument.Parse(JsonElement.ParseValue(ref copy).GetRawText(), ApiJson.DocumentOptions);
        }
        catch (JsonException)
        {
            throw new RejectedJsonValueException("A property appears more than once in the geometry; send each property once.");
        }
        T? geometry;
        try
        {
            geometry = _inner.Read(ref reader, typeToConvert, options);
        }
        catch (Exception e) when (e is not RejectedJsonValueException)
        {
            throw new RejectedJsonValueException(Reason(e));
        }
        if (geometry is null) return null;
        if (geometry.IsEmpty) throw new RejectedJsonValueException("The geometry has empty coordinates.");
        foreach (var c in geometry.Coordinates)
        {
            if (double.IsNaN(c.X) || double.IsNaN(c.Y) || c.Y is < -90 or > 90)
                throw new RejectedJsonValueException($"Latitude {c.Y} is outside -90…90 (GeoJSON positions are [longitude, latitude]).");
            if (c.X is < -180 or > 180)
                throw new RejectedJsonValueException($"Longitude {c.X} is outside -180…180.");
        }
        return geometry;
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => _inner.Write(writer, value, options);

    /// <summary>The reader's own message names the fault (e.g. an unclosed ring) and carries no internals.</summary>
    private static string Reason(Exception e)
    {
        var message = e.Message;
        if (message.Contains("closed linestring", StringComparison.OrdinalIgnoreCase))
            return "A polygon ring is not closed: its last position must repeat the first.";
        if (message.Contains("must be 0 or >= 4", StringComparison.OrdinalIgnoreCase) || message.Contains("LinearRing", StringComparison.Ordinal))
            return "A polygon ring needs at least 4 positions, the last repeating the first.";
        if (e is JsonException or NotSupportedException || message.StartsWith("Requested value", StringComparison.Ordinal))
            return "Not a GeoJSON geometry this API reads: use type Point, Polygon or MultiPolygon with [longitude, latitude] positions.";
        return "The GeoJSON geometry is malformed: " + (message.Length > 200 ? message[..200] : message);
    }
}
