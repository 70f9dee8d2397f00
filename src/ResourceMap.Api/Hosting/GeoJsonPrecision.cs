using System.Text.Json;
using System.Text.Json.Serialization;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace ResourceMap.Api.Hosting;

/// <summary>
/// GeoJSON geometries written with coordinates rounded to 6 decimals (about 10 cm), as RFC 7946 §11.2 advises:
/// stored boundaries carry 15, which triples the size of a boundary response for no visible gain. Reading is
/// unchanged (NetTopologySuite's converter).
/// </summary>
public sealed class GeoJsonPrecisionConverterFactory : JsonConverterFactory
{
    public const int Decimals = 6;

    private readonly GeoJsonConverterFactory _inner = new();

    public override bool CanConvert(Type typeToConvert) => _inner.CanConvert(typeToConvert);

    public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options)
    {
        if (!typeof(Geometry).IsAssignableFrom(typeToConvert)) return _inner.CreateConverter(typeToConvert, options);
        var inner = (JsonConverter<Geometry>)_inner.CreateConverter(typeof(Geometry), options)!;
        return (JsonConverter)Activator.CreateInstance(typeof(RoundingConverter<>).MakeGenericType(typeToConvert), inner)!;
    }

    /// <summary>A copy of the geometry with every coordinate rounded (the stored one is left as it is).</summary>
    public static Geometry Round(Geometry geometry)
    {
        var copy = geometry.Copy();
        copy.Apply(new RoundingFilter());
        return copy;
    }

    public static double Round(double ordinate) => Math.Round(ordinate, Decimals, MidpointRounding.AwayFromZero);

    private sealed class RoundingConverter<T>(JsonConverter<Geometry> inner) : JsonConverter<T> where T : Geometry
    {
        public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            (T?)inner.Read(ref reader, typeToConvert, options);

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            inner.Write(writer, Round(value), options);
    }

    private sealed class RoundingFilter : ICoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            seq.SetX(i, Round(seq.GetX(i)));
            seq.SetY(i, Round(seq.GetY(i)));
        }
    }
}
