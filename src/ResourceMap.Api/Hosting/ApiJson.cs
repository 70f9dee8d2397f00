using System.Text.Json;
using System.Text.Json.Serialization;
using NetTopologySuite.IO.Converters;

namespace ResourceMap.Api.Hosting;

public static class ApiJson
{
    /// <summary>JSON as the API speaks it: snake_case, GeoJSON geometries (6 decimals), and unknown properties rejected.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.Converters.Add(new GeoJsonPrecisionConverterFactory());
    }
}
