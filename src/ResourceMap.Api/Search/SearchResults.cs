using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using CsvHelper;
using Microsoft.Extensions.Options;
using ResourceMap.Api.Common;
using ResourceMap.Api.Hosting;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Domain.Taxonomy;
using ResourceMap.Infrastructure.Search;

namespace ResourceMap.Api.Search;

public record SearchOrganization(Guid Id, string Name);

public record SearchLocation(Guid Id, string? Address, string? MunicipalityCode, double Lat, double Lng);

public record SearchItem(
    Guid ServiceId,
    string Name,
    [property: Description("service_category code.")] string Category,
    SearchOrganization Organization,
    [property: Description("The site; null for services without one (phone or SNS lines) in coverage results.")] SearchLocation? Location,
    [property: Description("Metres from the query point (nearby), the viewport centre (map) or the place (coverage), on the mean-Earth sphere.")] double? DistanceM,
    string ServiceAreaLevel,
    bool AnonymousOk,
    bool AcceptsOtherMunicipalities,
    IReadOnlyList<string> TargetGroups,
    IReadOnlyList<string> ProblemKeywords,
    IReadOnlyList<string> Channels,
    [property: Description("When the service was last confirmed.")] DateTimeOffset LastVerifiedAt,
    [property: Description("True when the service has not been confirmed for the freshness period (365 days by default).")] bool Stale)
{
    public static SearchItem From(SearchHit hit, Freshness freshness) => new(
        hit.ServiceId, hit.ServiceName, hit.Category, new SearchOrganization(hit.OrganizationId, hit.OrganizationName),
        hit.LocationId is null ? null : new SearchLocation(hit.LocationId.Value, hit.Address, hit.MunicipalityCode, hit.Lat!.Value, hit.Lng!.Value),
        hit.DistanceMetres is null ? null : Math.Round(hit.DistanceMetres.Value, 1), hit.ServiceAreaLevel, hit.AnonymousOk,
        hit.AcceptsOtherMunicipalities, hit.TargetGroups, hit.ProblemKeywords, hit.Channels, hit.LastVerifiedAt,
        freshness.IsStale(hit.LastVerifiedAt));
}

public record SearchResponse(
    [property: Description("Results on this page.")] int Count,
    [property: Description("All matches (map view and region searches only).")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Total,
    [property: Description("Pass as cursor to get the next page; null on the last page.")] string? NextCursor,
    [property: Description("The next page as a URL (the same search with the cursor), built from the public base URL; null on the last page and for POSTed polygons, whose body must be sent again with the cursor.")] string? Next,
    IReadOnlyList<SearchItem> Items)
{
    [Description("True when the total was counted only up to 1,000 (map view): there are at least that many.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? TotalIsLowerBound => Total is null ? null : Total >= ServiceSearch.TotalCap;
}

/// <summary>
/// RFC 7946 FeatureCollection of search results: one Point feature per service at a site. Services reached without a
/// site (phone or SNS lines, in coverage results) are unlocated features (geometry null, RFC 7946 §3.2) marked
/// has_site: false and counted in features_without_site, so a map can list them instead of dropping them silently.
/// </summary>
public record SearchFeatureCollection(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("bbox"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double[]? Bbox,
    [property: JsonPropertyName("features")] IReadOnlyList<SearchFeature> Features,
    [property: JsonPropertyName("features_without_site")] int FeaturesWithoutSite,
    [property: JsonPropertyName("next_cursor")] string? NextCursor,
    [property: JsonPropertyName("links")] IReadOnlyList<SearchLink> Links,
    [property: JsonPropertyName("total"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Total)
{
    [JsonPropertyName("total_is_lower_bound"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? TotalIsLowerBound => Total is null ? null : Total >= ServiceSearch.TotalCap;
}

/// <summary>A link as OGC API – Features writes them (rel next: the following page).</summary>
public record SearchLink(
    [property: JsonPropertyName("href")] string Href,
    [property: JsonPropertyName("rel")] string Rel,
    [property: JsonPropertyName("type")] string Type);

public record SearchFeature(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("geometry")] SearchPointGeometry? Geometry,
    [property: JsonPropertyName("properties")] SearchFeatureProperties Properties);

public record SearchPointGeometry([property: JsonPropertyName("type")] string Type, [property: JsonPropertyName("coordinates")] double[] Coordinates);

public record SearchFeatureProperties(Guid ServiceId, string Name, string Category, string CategoryLabel, string OrganizationName,
    string? Address, double? DistanceM, bool AnonymousOk, bool AcceptsOtherMunicipalities, string ServiceAreaLevel,
    [property: Description("False for a service reached without a site (phone, SNS): its geometry is null.")] bool HasSite,
    IReadOnlyList<string> Channels, DateTimeOffset LastVerifiedAt, bool Stale);

/// <summary>Writes a search page as JSON, GeoJSON or CSV (UTF-8 with BOM so Excel on Japanese Windows reads it).</summary>
public static class SearchOutput
{
    public static IResult Write(SearchPage page, string? nextCursor, SearchFormat format, TaxonomyCatalog catalog, Freshness freshness,
        string fileName, HttpRequest request)
    {
        var next = NextLink(request, nextCursor);
        // RFC 8288: the next page for every format, CSV included.
        if (next is not null) request.HttpContext.Response.Headers.Link = $"<{next}>; rel=\"next\"";
        switch (format)
        {
            case SearchFormat.GeoJson:
                var features = page.Hits.Select(hit => new SearchFeature("Feature",
                    $"{hit.ServiceId}:{hit.LocationId?.ToString() ?? "-"}",
                    hit.LocationId is null ? null : new SearchPointGeometry("Point",
                        [GeoJsonPrecisionConverterFactory.Round(hit.Lng!.Value), GeoJsonPrecisionConverterFactory.Round(hit.Lat!.Value)]),
                    new SearchFeatureProperties(hit.ServiceId, hit.ServiceName, hit.Category, Label(catalog, hit.Category),
                        hit.OrganizationName, hit.Address, hit.DistanceMetres is null ? null : Math.Round(hit.DistanceMetres.Value, 1),
                        hit.AnonymousOk, hit.AcceptsOtherMunicipalities, hit.ServiceAreaLevel, hit.LocationId is not null, hit.Channels,
                        hit.LastVerifiedAt, freshness.IsStale(hit.LastVerifiedAt)))).ToList();
                var links = next is null ? [] : new List<SearchLink> { new(next, "next", SearchFormatsMetadata.GeoJson) };
                return TypedResults.Json(new SearchFeatureCollection("FeatureCollection", BoundingBox(features), features,
                        features.Count(f => f.Geometry is null), nextCursor, links, page.Total),
                    contentType: SearchFormatsMetadata.GeoJson);
            case SearchFormat.Csv:
                return new Exports.SearchCsvResult(page.Hits, nextCursor, fileName);
            default:
                return new SearchJsonResult(new SearchResponse(page.Hits.Count, page.Total, nextCursor, next, page.Hits.Select(h => SearchItem.From(h, freshness)).ToList()));
        }
    }

    /// <summary>The same GET with cursor replaced, under Hosting:PublicBaseUrl. A POSTed polygon cannot be a link.</summary>
    private static string? NextLink(HttpRequest request, string? nextCursor)
    {
        if (nextCursor is null || !HttpMethods.IsGet(request.Method)) return null;
        var query = request.Query.Where(q => q.Key != "cursor")
            .SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v)))
            .Append(KeyValuePair.Create("cursor", (string?)nextCursor));
        var baseUrl = request.HttpContext.RequestServices.GetRequiredService<IOptions<PublicBaseUrlOptions>>().Value;
        return baseUrl.Link(request.PathBase + request.Path + QueryString.Create(query).ToUriComponent());
    }

    /// <summary>RFC 7946 §5: west, south, east, north of the located features; none when no feature has a geometry.</summary>
    private static double[]? BoundingBox(List<SearchFeature> features)
    {
        var points = features.Where(f => f.Geometry is not null).Select(f => f.Geometry!.Coordinates).ToList();
        if (points.Count == 0) return null;
        return [points.Min(c => c[0]), points.Min(c => c[1]), points.Max(c => c[0]), points.Max(c => c[1])];
    }

    private static string Label(TaxonomyCatalog catalog, string code) =>
        catalog.Terms(Vocabularies.ServiceCategory).FirstOrDefault(t => t.Code == code)?.LabelJa ?? code;
}
