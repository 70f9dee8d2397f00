using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using ResourceMap.Api.Common;
using ResourceMap.Api.Search;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Infrastructure.Search;
using ResourceMap.Infrastructure.Tiles;

namespace ResourceMap.Api.Tiles;

/// <summary>
/// Mapbox vector tiles made by PostGIS (ST_AsMVT) in Web Mercator. An empty tile is answered 204 No Content, which
/// MapLibre and OpenLayers treat as "nothing here". Tiles carry an ETag of their bytes so a revisit costs a 304, and
/// rendered tiles are kept in memory for their max-age (<see cref="TileCache"/>).
/// </summary>
public static class TilesApi
{
    public const string MediaType = "application/vnd.mapbox-vector-tile";
    public const int MaxZoom = 22;
    /// <summary>
    /// Beyond this many features a service tile is cut (by feature id); zoom in to see all. Below
    /// <see cref="ServiceTileQuery.ClusterBelowZoom"/> sites are clustered, so a tile holds at most 16 × 16 cells anyway.
    /// </summary>
    public const int MaxFeaturesPerTile = 5_000;

    public static RouteGroupBuilder MapTilesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/tiles").WithTags("Tiles");
        group.MapGet("/services/{z:int}/{x:int}/{y}.mvt", ServicesAsync).WithName("GetServiceTile").WithSummary("Vector tile of service sites")
            .WithDescription($"Layer '{TileLayer.Services.Id}' with properties {TileLayer.Services.FieldList}; every feature has an MVT id. From zoom 14 one point per site (count = 1); below zoom 14 sites on a 16 × 16 grid a tile (256 tile units, 32 pixels of a 512-pixel tile) are aggregated: a cell with several sites is one point with count, cluster = true and id = a representative service id. At most 5,000 features a tile. Honours the search filters as query parameters. TileJSON: /tiles/services.json. gzip or brotli by Accept-Encoding; HEAD answers the headers. 204 when the tile is empty. Cache-Control: public, max-age={TileLayer.Services.MaxAgeSeconds}.")
            .Produces<byte[]>(200, MediaType).Produces(204).Produces(304).ProducesValidationProblem();
        group.MapGet("/municipalities/{z:int}/{x:int}/{y}.mvt", MunicipalitiesAsync).WithName("GetMunicipalityTile").WithSummary("Vector tile of municipal boundaries")
            .WithDescription($"Layer '{TileLayer.Municipalities.Id}' with properties {TileLayer.Municipalities.FieldList}; the MVT id is the 5-digit code as a number. Boundaries are simplified for the zoom (about a pixel). TileJSON: /tiles/municipalities.json. gzip or brotli by Accept-Encoding; HEAD answers the headers. 204 when the tile is empty. Cache-Control: public, max-age={TileLayer.Municipalities.MaxAgeSeconds}.")
            .Produces<byte[]>(200, MediaType).Produces(204).Produces(304).ProducesValidationProblem();
        // HEAD: the same handlers; the server sends the headers (Content-Length included) without the body.
        group.MapMethods("/services/{z:int}/{x:int}/{y}.mvt", [HttpMethods.Head], ServicesAsync).ExcludeFromDescription();
        group.MapMethods("/municipalities/{z:int}/{x:int}/{y}.mvt", [HttpMethods.Head], MunicipalitiesAsync).ExcludeFromDescription();

        // The search filters are declared (so they are documented and accepted) and carried into the tile URLs as given.
        group.MapGet("/services.json", (HttpRequest request, [AsParameters] SearchFilterQuery filters, TileJsonBuilder tileJson,
                CancellationToken ct) => TileJsonAsync(TileLayer.Services, request, tileJson, ct))
            .WithName("GetServiceTileJson").WithSummary("TileJSON 3.0 of the service tiles")
            .WithDescription("Add it to MapLibre as a vector source: { type: 'vector', url: '<base>/tiles/services.json' }. Search filters given here (category, open_at …) are carried into the tile URL template, which is built from the configured public base URL.")
            .Produces<TileJsonDocument>(200, "application/json");
        group.MapGet("/municipalities.json", (HttpRequest request, TileJsonBuilder tileJson, CancellationToken ct) =>
                TileJsonAsync(TileLayer.Municipalities, request, tileJson, ct))
            .WithName("GetMunicipalityTileJson").WithSummary("TileJSON 3.0 of the municipal boundary tiles")
            .WithDescription("Add it to MapLibre as a vector source: { type: 'vector', url: '<base>/tiles/municipalities.json' }.")
            .Produces<TileJsonDocument>(200, "application/json");
        return group;
    }

    private static async Task<IResult> TileJsonAsync(TileLayer layer, HttpRequest request, TileJsonBuilder tileJson, CancellationToken ct)
    {
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.Json(await tileJson.BuildAsync(layer, request, ct), contentType: "application/json");
    }

    private static async Task<IResult> ServicesAsync(
        [Description("Zoom 0–22.")] int z, [Description("Tile column.")] int x, [Description("Tile row (XYZ scheme).")] string y,
        [AsParameters] SearchFilterQuery filterQuery, HttpContext context, VectorTiles tiles, TaxonomyCatalog catalog,
        TileCache cache, CancellationToken ct)
    {
        var parser = new SearchParameterParser(catalog);
        var row = TileRow(parser, z, x, y);
        var filters = parser.Filters(filterQuery) with { Viewer = await Viewer.ForSearchAsync(context, ct) };
        if (!parser.IsValid) return Problems.ValidationProblem(parser.Errors);
        var tile = await cache.GetOrRenderAsync($"services/{z}/{x}/{row}?{filters}", TimeSpan.FromSeconds(60),
            () => tiles.ServiceTileAsync(z, x, row, filters, MaxFeaturesPerTile, ct));
        var result = Respond(context, tile, TileLayer.Services.MaxAgeSeconds);
        // A staff caller's tile may show records the public may not see: no shared cache may keep it.
        if (!filters.Viewer.IsPublic) context.Response.Headers.CacheControl = "private, max-age=60";
        return result;
    }

    private static async Task<IResult> MunicipalitiesAsync(int z, int x, string y, HttpContext context, VectorTiles tiles,
        TaxonomyCatalog catalog, TileCache cache, CancellationToken ct)
    {
        var parser = new SearchParameterParser(catalog);
        var row = TileRow(parser, z, x, y);
        if (!parser.IsValid) return Problems.ValidationProblem(parser.Errors);
        var tile = await cache.GetOrRenderAsync($"municipalities/{z}/{x}/{row}", TimeSpan.FromHours(1),
            () => tiles.MunicipalityTileAsync(z, x, row, ct));
        return Respond(context, tile, TileLayer.Municipalities.MaxAgeSeconds);
    }

    private static int TileRow(SearchParameterParser parser, int z, int x, string y)
    {
        if (z is < 0 or > MaxZoom) { parser.Error("z", $"z must be 0–{MaxZoom}."); return 0; }
        var size = 1L << z;
        if (x < 0 || x >= size) parser.Error("x", $"x must be 0–{size - 1} at zoom {z}.");
        if (!int.TryParse(y, out var row) || row < 0 || row >= size) parser.Error("y", $"y must be 0–{size - 1} at zoom {z}.");
        return row;
    }

    private static IResult Respond(HttpContext context, EncodedTile tile, int maxAgeSeconds)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = $"public, max-age={maxAgeSeconds}";
        headers.Vary = "Accept-Encoding";
        if (tile.IsEmpty) return TypedResults.NoContent();
        var (coding, bytes) = TileEncoding.Choose(context.Request, tile);
        var etag = coding is null ? $"\"{tile.EntityTag}\"" : $"\"{tile.EntityTag}-{coding}\"";
        headers.ETag = etag;
        if (TileEncoding.Matches(context.Request, etag)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        if (coding is not null) headers.ContentEncoding = coding;
        return TypedResults.Bytes(bytes, MediaType);
    }
}
