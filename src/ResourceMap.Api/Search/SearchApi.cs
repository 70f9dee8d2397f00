using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using NetTopologySuite.Geometries;
using ResourceMap.Api.Common;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Domain.Geography;
using ResourceMap.Infrastructure.Search;

namespace ResourceMap.Api.Search;

/// <summary>Marks an endpoint that also answers in GeoJSON and CSV (chosen by Accept, or by format=).</summary>
public sealed class SearchFormatsMetadata : Hosting.IRepresentationsMetadata
{
    public const string Json = "application/json";
    public const string GeoJson = "application/geo+json";
    public const string Csv = "text/csv";

    public IReadOnlyList<string> MediaTypes { get; } = [Json, GeoJson, Csv];

    public string? FormatParameter => "format";
}

public static class SearchApi
{
    public const double MaxRadiusMetres = 50_000;
    public const double MaxBoundingBoxDegrees = 10;
    public const int MaxPolygonVertices = 10_000;

    public static RouteGroupBuilder MapSearchApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/search").WithTags("Search");

        group.MapGet("/nearby", NearbyAsync).WithName("SearchNearby").WithSummary("Services near a point, nearest first")
            .WithDescription("Services at sites within radius_m (≤ 50 km) of lat/lng, ordered by distance_m, ties by service and site id. One result per service at a site. Filters combine with AND. JSON, GeoJSON (Accept: application/geo+json or format=geojson) or CSV (format=csv); keyset paging through next_cursor.")
            .WithSearchResponses();
        group.MapGet("/map", MapViewAsync).WithName("SearchMapView").WithSummary("Services inside a map viewport")
            .WithDescription("bbox=minLng,minLat,maxLng,maxLat (at most 10° a side): sites inside the rectangle, edges included, nearest to its centre first (distance_m from the centre), with the total count (counted up to 1,000: total_is_lower_bound says when it stopped there) and a capped page (limit ≤ 500, default 200).")
            .WithSearchResponses();
        group.MapGet("/region", RegionAsync).WithName("SearchRegion").WithSummary("Services located in a municipality or region")
            .WithDescription("municipality=01230 (5 or 6 digits) or region=<slug>: sites inside the boundary (point-in-polygon on the stored boundaries), with the total count.")
            .WithSearchResponses();
        group.MapPost("/region", PolygonAsync).WithName("SearchPolygon").WithSummary("Services located in a drawn polygon")
            .WithDescription("Body: a GeoJSON Polygon or MultiPolygon (WGS84, at most 10,000 vertices). Filters, paging and format as query parameters.")
            .Accepts<Geometry>("application/json", "application/geo+json")
            .WithSearchResponses();
        group.MapGet("/coverage", CoverageAsync).WithName("SearchCoverage").WithSummary("Services whose service area covers a place")
            .WithDescription("lat/lng or municipality=01578: services whose service area covers it — part of the municipality (drawn district containing the point), the municipality, several municipalities, a region, the prefecture, or nationwide. Local levels first, then wider ones; within a level by distance from the point (or the municipality's representative point) to the nearest site, sites-less services last. Each service once.")
            .WithSearchResponses();
        return group;
    }

    /// <summary>
    /// JSON, GeoJSON and CSV share status 200; ApiExplorer keeps one response type per status, so the GeoJSON and CSV
    /// bodies are added to the document by <see cref="Hosting.OpenApiSetup"/> from this marker.
    /// </summary>
    private static RouteHandlerBuilder WithSearchResponses(this RouteHandlerBuilder builder) => builder
        .Produces<SearchResponse>(200, SearchFormatsMetadata.Json)
        .WithMetadata(new SearchFormatsMetadata())
        .ProducesValidationProblem();

    private static async Task<IResult> NearbyAsync(
        [FromQuery(Name = "lat"), Description("Latitude, WGS84 degrees.")] string? lat,
        [FromQuery(Name = "lng"), Description("Longitude, WGS84 degrees.")] string? lng,
        [FromQuery(Name = "radius_m"), Description("Radius in metres, 1–50,000.")] string? radiusM,
        [AsParameters] SearchFilterQuery filterQuery, [AsParameters] SearchPageQuery pageQuery,
        HttpRequest request, ServiceSearch search, TaxonomyCatalog catalog, Freshness freshness, CancellationToken ct)
    {
        var parser = new SearchParameterParser(catalog);
        var point = parser.Point(lat, lng, required: true);
        var radius = parser.Radius(radiusM, MaxRadiusMetres);
        var filters = parser.Filters(filterQuery) with { Viewer = await Viewer.ForSearchAsync(request.HttpContext, ct) };
        var limit = parser.Limit(pageQuery.Limit, 50, 200);
        var cursor = parser.Cursor(pageQuery.Cursor, "nearby");
        var format = parser.Format(pageQuery.Format, request);
        if (!parser.IsValid) return Problems.ValidationProblem(parser.Errors);

        var page = await search.NearbyAsync(point!.Value.Lat, point.Value.Lng, radius!.Value, filters, cursor, limit, ct);
        return SearchOutput.Write(page, Encode(page, "nearby"), format, catalog, freshness, "nearby.csv", request);
    }

    private static async Task<IResult> MapViewAsync(
        [FromQuery(Name = "bbox"), Description("minLng,minLat,maxLng,maxLat in WGS84 degrees.")] string? bbox,
        [AsParameters] SearchFilterQuery filterQuery, [AsParameters] SearchPageQuery pageQuery,
        HttpRequest request, ServiceSearch search, TaxonomyCatalog catalog, Freshness freshness, CancellationToken ct)
    {
        var parser = new SearchParameterParser(catalog);
        var box = parser.BoundingBox(bbox, MaxBoundingBoxDegrees);
        var filters = parser.Filters(filterQuery) with { Viewer = await Viewer.ForSearchAsync(request.HttpContext, ct) };
        var limit = parser.Limit(pageQuery.Limit, 200, 500);
        var cursor = parser.Cursor(pageQuery.Cursor, "map");
        var format = parser.Format(pageQuery.Format, request);
        if (!parser.IsValid) return Problems.ValidationProblem(parser.Errors);

        var page = await search.MapViewAsync(box!, filters, cursor, limit, withTotal: cursor is null, ct);
        return SearchOutput.Write(page, Encode(page, "map"), format, catalog, freshness, "map.csv", request);
    }

    private static async Task<IResult> RegionAsync(
        [FromQuery(Name = "municipality"), Description("Municipality code, 5 or 6 digits.")] string? municipality,
        [FromQuery(Name = "region"), Description("Region id, e.g. nishi-iburi.")] string? region,
        [AsParameters] SearchFilterQuery filterQuery, [AsParameters] SearchPageQuery pageQuery,
        HttpRequest request, ServiceSearch search, TaxonomyCatalog catalog, Freshness freshness, CancellationToken ct)
    {
        var parser = new SearchParameterParser(catalog);
        var area = AreaOf(parser, municipality, region);
        var filters = parser.Filters(filterQuery) with { Viewer = await Viewer.ForSearchAsync(request.HttpContext, ct) };
        var limit = parser.Limit(pageQuery.Limit, 50, 200);
        var cursor = parser.Cursor(pageQuery.Cursor, "within");
        var format = parser.Format(pageQuery.Format, request);
        if (!parser.IsValid)
        {
            if (area is not null) await AreaExistsAsync(parser, area, search, ct);
            return Problems.ValidationProblem(parser.Errors);
        }

        var page = await search.WithinAsync(area!, filters, cursor, limit, withTotal: cursor is null, ct);
        // Whether the area exists is asked only when nothing matched: a stored area with hits exists, and asking
        // first cost every search a round trip.
        if (page.Hits.Count == 0 && !await AreaExistsAsync(parser, area!, search, ct)) return Problems.ValidationProblem(parser.Errors);
        return SearchOutput.Write(page, Encode(page, "within"), format, catalog, freshness, "region.csv", request);
    }

    private static async Task<IResult> PolygonAsync(
        [FromBody] Geometry? polygon,
        [AsParameters] SearchFilterQuery filterQuery, [AsParameters] SearchPageQuery pageQuery,
        HttpRequest request, ServiceSearch search, TaxonomyCatalog catalog, Freshness freshness, CancellationToken ct)
    {
        var parser = new SearchParameterParser(catalog);
        if (polygon is not (Polygon or MultiPolygon))
            parser.Error("body", "The body must be a GeoJSON Polygon or MultiPolygon.");
        else if (polygon.NumPoints > MaxPolygonVertices)
            parser.Error("body", $"The polygon has {polygon.NumPoints:N0} vertices; at most {MaxPolygonVertices:N0} are accepted.");
        else if (!polygon.IsValid)
            parser.Error("body", "The polygon is not valid (self-intersecting or unclosed rings).");
        var filters = parser.Filters(filterQuery) with { Viewer = await Viewer.ForSearchAsync(request.HttpContext, ct) };
        var limit = parser.Limit(pageQuery.Limit, 50, 200);
        var cursor = parser.Cursor(pageQuery.Cursor, "within");
        var format = parser.Format(pageQuery.Format, request);
        if (!parser.IsValid) return Problems.ValidationProblem(parser.Errors);

        polygon!.SRID = 4326;
        var page = await search.WithinAsync(new SearchArea { Polygon = polygon }, filters, cursor, limit, withTotal: cursor is null, ct);
        return SearchOutput.Write(page, Encode(page, "within"), format, catalog, freshness, "polygon.csv", request);
    }

    private static async Task<IResult> CoverageAsync(
        [FromQuery(Name = "lat"), Description("Latitude of the place (with lng).")] string? lat,
        [FromQuery(Name = "lng"), Description("Longitude of the place (with lat).")] string? lng,
        [FromQuery(Name = "municipality"), Description("Or the municipality, 5 or 6 digits.")] string? municipality,
        [AsParameters] SearchFilterQuery filterQuery, [AsParameters] SearchPageQuery pageQuery,
        HttpRequest request, ServiceSearch search, TaxonomyCatalog catalog, Freshness freshness, CancellationToken ct)
    {
        var parser = new SearchParameterParser(catalog);
        string? code = null;
        (double Lat, double Lng)? point = null;
        if (municipality is not null && (lat is not null || lng is not null))
            parser.Error("municipality", "Give either lat/lng or municipality, not both.");
        else if (municipality is not null)
            code = await MunicipalityAsync(parser, municipality, search, ct);
        else
            point = parser.Point(lat, lng, required: true);
        var filters = parser.Filters(filterQuery) with { Viewer = await Viewer.ForSearchAsync(request.HttpContext, ct) };
        var limit = parser.Limit(pageQuery.Limit, 50, 200);
        var cursor = parser.Cursor(pageQuery.Cursor, "coverage");
        var format = parser.Format(pageQuery.Format, request);
        if (!parser.IsValid) return Problems.ValidationProblem(parser.Errors);

        var page = await search.CoverageAsync(point?.Lat, point?.Lng, code, filters, cursor, limit, ct);
        return SearchOutput.Write(page, Encode(page, "coverage"), format, catalog, freshness, "coverage.csv", request);
    }

    /// <summary>The stored area asked for (exactly one of municipality or region), checked for form only.</summary>
    private static SearchArea? AreaOf(SearchParameterParser parser, string? municipality, string? region)
    {
        if ((municipality is null) == (region is null))
        {
            parser.Error("municipality", "Give exactly one of municipality or region (or POST a polygon).");
            return null;
        }
        if (region is not null) return new SearchArea { RegionId = region };
        if (MunicipalityCode.TryParse(municipality!, out var code, out var error)) return new SearchArea { MunicipalityCode = code.Value };
        parser.Error("municipality", error!);
        return null;
    }

    /// <summary>Whether the stored area exists; when it does not, the parser gets the error naming the parameter.</summary>
    private static async Task<bool> AreaExistsAsync(SearchParameterParser parser, SearchArea area, ServiceSearch search, CancellationToken ct)
    {
        if (area.RegionId is { } region)
        {
            if (await search.RegionExistsAsync(region, ct)) return true;
            parser.Error("region", $"No region has id '{region}'.");
            return false;
        }
        if (await search.MunicipalityExistsAsync(area.MunicipalityCode!, ct)) return true;
        parser.Error("municipality", $"No municipality has the code {area.MunicipalityCode}.");
        return false;
    }

    private static async Task<string?> MunicipalityAsync(SearchParameterParser parser, string municipality, ServiceSearch search, CancellationToken ct)
    {
        if (!MunicipalityCode.TryParse(municipality, out var code, out var error))
        {
            parser.Error("municipality", error!);
            return null;
        }
        return await AreaExistsAsync(parser, new SearchArea { MunicipalityCode = code.Value }, search, ct) ? code.Value : null;
    }

    private static string? Encode(SearchPage page, string kind) =>
        page.Next is null ? null : SearchParameterParser.EncodeCursor(page.Next, kind);
}
