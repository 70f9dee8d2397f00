using System.Text.Json.Serialization;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Npgsql;
using ResourceMap.Api.Hosting;
using ResourceMap.Api.Search;

namespace ResourceMap.Api.Tiles;

/// <summary>A TileJSON 3.0.0 vector layer: its id and a description of each attribute.</summary>
public sealed record TileJsonVectorLayer(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("minzoom")] int MinZoom,
    [property: JsonPropertyName("maxzoom")] int MaxZoom,
    [property: JsonPropertyName("fields")] IReadOnlyDictionary<string, string> Fields);

/// <summary>TileJSON 3.0.0 (https://github.com/mapbox/tilejson-spec/tree/master/3.0.0): what a map library needs to add a tile source.</summary>
public sealed record TileJsonDocument(
    [property: JsonPropertyName("tilejson")] string TileJson,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("attribution")] string Attribution,
    [property: JsonPropertyName("scheme")] string Scheme,
    [property: JsonPropertyName("tiles")] IReadOnlyList<string> Tiles,
    [property: JsonPropertyName("minzoom")] int MinZoom,
    [property: JsonPropertyName("maxzoom")] int MaxZoom,
    [property: JsonPropertyName("bounds")] IReadOnlyList<double> Bounds,
    [property: JsonPropertyName("center")] IReadOnlyList<double> Center,
    [property: JsonPropertyName("vector_layers")] IReadOnlyList<TileJsonVectorLayer> VectorLayers);

/// <summary>The tile layers the API serves, described once for the endpoint docs and for TileJSON.</summary>
public sealed record TileLayer(string Id, string Title, string Description, int MaxAgeSeconds, IReadOnlyDictionary<string, string> Fields)
{
    public static readonly TileLayer Services = new("services", "ResourceMap service sites",
        "One point per service at a site (clustered on a 16 × 16 grid a tile below zoom 14), of the services the caller may see; the search filters apply as query parameters.", 60,
        new Dictionary<string, string>
        {
            ["id"] = "String: service id (UUID); GET /api/services/{id} has the details.",
            ["name"] = "String: service name.",
            ["category"] = "String: service_category code (ibasho, consultation, outreach, other).",
            ["anonymous_ok"] = "Boolean: anonymous consultation is possible.",
            ["count"] = "Number: sites in this feature; 1 for a single site, more for a cluster (below zoom 14).",
            ["cluster"] = "Boolean: true for a cluster of several sites; its id is a representative service and name, category and anonymous_ok are absent.",
        });

    public static readonly TileLayer Municipalities = new("municipalities", "ResourceMap municipal boundaries",
        "Municipal boundaries (designated-city wards separately).", 86_400,
        new Dictionary<string, string>
        {
            ["code"] = "String: 6-digit local government code.",
            ["name"] = "String: municipality name, with its city for designated-city wards.",
            ["prefecture"] = "String: prefecture name.",
        });

    public string FieldList => string.Join(", ", Fields.Keys);
}

/// <summary>
/// Builds TileJSON for a layer: the tile URL template from Hosting:PublicBaseUrl (so it is right behind a proxy), the
/// service filters of the TileJSON request carried into the template, and bounds from the stored boundaries.
/// </summary>
public sealed class TileJsonBuilder(NpgsqlDataSource dataSource, IOptions<PublicBaseUrlOptions> baseUrl, IMemoryCache cache)
{
    /// <summary>Japan, for an empty database.</summary>
    private static readonly double[] JapanBounds = [122.93, 20.42, 153.99, 45.56];

    public async Task<TileJsonDocument> BuildAsync(TileLayer layer, HttpRequest request, CancellationToken ct)
    {
        var query = layer == TileLayer.Services ? FilterQuery(request) : "";
        var template = baseUrl.Value.Link($"tiles/{layer.Id}/{{z}}/{{x}}/{{y}}.mvt{query}");
        var bounds = await BoundsAsync(ct);
        double[] center = [Math.Round((bounds[0] + bounds[2]) / 2, 6), Math.Round((bounds[1] + bounds[3]) / 2, 6), 5];
        return new TileJsonDocument("3.0.0", layer.Title, layer.Description, "1.0.0",
            "ResourceMap; 出典：国土数値情報（行政区域データ）（国土交通省）を加工して作成", "xyz", [template],
            0, TilesApi.MaxZoom, bounds, center,
            [new TileJsonVectorLayer(layer.Id, layer.Description, 0, TilesApi.MaxZoom, layer.Fields)]);
    }

    private static string FilterQuery(HttpRequest request)
    {
        var names = typeof(SearchFilterQuery).GetProperties()
            .Select(p => p.GetCustomAttributes(typeof(Microsoft.AspNetCore.Mvc.FromQueryAttribute), false)
                .OfType<Microsoft.AspNetCore.Mvc.FromQueryAttribute>().FirstOrDefault()?.Name)
            .OfType<string>().ToHashSet(StringComparer.Ordinal);
        var kept = request.Query.Where(q => names.Contains(q.Key))
            .SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}")).ToList();
        return kept.Count == 0 ? "" : "?" + string.Join('&', kept);
    }

    /// <summary>West, south, east, north of the stored municipal boundaries, rounded outwards to 6 decimals.</summary>
    private async Task<double[]> BoundsAsync(CancellationToken ct) => (await cache.GetOrCreateAsync("tilejson:bounds", async entry =>
    {
        entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1);
        await using var command = dataSource.CreateCommand(
            "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(boundary) AS e FROM municipalities) b WHERE e IS NOT NULL");
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return JapanBounds;
        return new[]
        {
            Math.Floor(reader.GetDouble(0) * 1e6) / 1e6, Math.Floor(reader.GetDouble(1) * 1e6) / 1e6,
            Math.Ceiling(reader.GetDouble(2) * 1e6) / 1e6, Math.Ceiling(reader.GetDouble(3) * 1e6) / 1e6,
        };
    }))!;
}
