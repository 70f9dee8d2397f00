using System.ComponentModel;
using System.Security.Cryptography;
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
    /// <summary>Beyond this many sites a service tile is cut (sorted by service id); zoom in to see all.</summary>
    public const int MaxFeaturesPerTile = 20_000;

    public static RouteGroupBuilder MapTilesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/tiles").WithTags("Tiles");
        group.MapGet("/services/{z:int}/{x:int}/{y}.mvt", ServicesAsync).WithName("GetServiceTile").WithSummary("Vector tile of service sites")
            .WithDescription("Layer 'services' with properties id, name, category, anonymous_ok; honours the search filters as query parameters. 204 when the tile is empty. Cache-Control: public, max-age=60.")
            .Produces<byte[]>(200, MediaType).Produces(204).Produces(304).ProducesValidationProblem();
        group.MapGet("/municipalities/{z:int}/{x:int}/{y}.mvt", MunicipalitiesAsync).WithName("GetMunicipalityTile").WithSummary("Vector tile of municipal boundaries")
            .WithDescription("Layer 'municipalities' with properties code, name, prefecture. 204 when the tile is empty. Cache-Control: public, max-age=86400.")
            .Produces<byte[]>(200, MediaType).Produces(204).Produces(304).ProducesValidationProblem();
        return group;
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
        var result = Respond(context, tile, maxAgeSeconds: 60);
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
        return Respond(context, tile, maxAgeSeconds: 86_400);
    }

    private static int TileRow(SearchParameterParser parser, int z, int x, string y)
    {
        if (z is < 0 or > MaxZoom) { parser.Error("z", $"z must be 0–{MaxZoom}."); return 0; }
        var size = 1L << z;
        if (x < 0 || x >= size) parser.Error("x", $"x must be 0–{size - 1} at zoom {z}.");
        if (!int.TryParse(y, out var row) || row < 0 || row >= size) parser.Error("y", $"y must be 0–{size - 1} at zoom {z}.");
        return row;
    }

    private static IResult Respond(HttpContext context, byte[] tile, int maxAgeSeconds)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = $"public, max-age={maxAgeSeconds}";
        headers.Vary = "Accept-Encoding";
        if (tile.Length == 0) return TypedResults.NoContent();
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(tile))[..32]}\"";
        headers.ETag = etag;
        if (context.Request.Headers.IfNoneMatch.ToString() == etag) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Bytes(tile, MediaType);
    }
}
