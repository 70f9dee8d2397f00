using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using CsvHelper;
using ResourceMap.Api.Common;
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
    IReadOnlyList<SearchItem> Items)
{
    [Description("True when the total was counted only up to 1,000 (map view): there are at least that many.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? TotalIsLowerBound => Total is null ? null : Total >= ServiceSearch.TotalCap;
}

/// <summary>RFC 7946 FeatureCollection of search results: one Point feature per service at a site.</summary>
public record SearchFeatureCollection(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("features")] IReadOnlyList<SearchFeature> Features,
    [property: JsonPropertyName("next_cursor")] string? NextCursor,
    [property: JsonPropertyName("total"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Total)
{
    [JsonPropertyName("total_is_lower_bound"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? TotalIsLowerBound => Total is null ? null : Total >= ServiceSearch.TotalCap;
}

public record SearchFeature(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("geometry")] SearchPointGeometry? Geometry,
    [property: JsonPropertyName("properties")] SearchFeatureProperties Properties);

public record SearchPointGeometry([property: JsonPropertyName("type")] string Type, [property: JsonPropertyName("coordinates")] double[] Coordinates);

public record SearchFeatureProperties(Guid ServiceId, string Name, string Category, string CategoryLabel, string OrganizationName,
    string? Address, double? DistanceM, bool AnonymousOk, bool AcceptsOtherMunicipalities, string ServiceAreaLevel,
    DateTimeOffset LastVerifiedAt, bool Stale);

/// <summary>Writes a search page as JSON, GeoJSON or CSV (UTF-8 with BOM so Excel on Japanese Windows reads it).</summary>
public static class SearchOutput
{
    public static IResult Write(SearchPage page, string? nextCursor, SearchFormat format, TaxonomyCatalog catalog, Freshness freshness,
        string fileName)
    {
        switch (format)
        {
            case SearchFormat.GeoJson:
                var features = page.Hits.Select(hit => new SearchFeature("Feature",
                    $"{hit.ServiceId}:{hit.LocationId?.ToString() ?? "-"}",
                    hit.LocationId is null ? null : new SearchPointGeometry("Point", [hit.Lng!.Value, hit.Lat!.Value]),
                    new SearchFeatureProperties(hit.ServiceId, hit.ServiceName, hit.Category, Label(catalog, hit.Category),
                        hit.OrganizationName, hit.Address, hit.DistanceMetres is null ? null : Math.Round(hit.DistanceMetres.Value, 1),
                        hit.AnonymousOk, hit.AcceptsOtherMunicipalities, hit.ServiceAreaLevel, hit.LastVerifiedAt,
                        freshness.IsStale(hit.LastVerifiedAt)))).ToList();
                return TypedResults.Json(new SearchFeatureCollection("FeatureCollection", features, nextCursor, page.Total),
                    contentType: "application/geo+json");
            case SearchFormat.Csv:
                return new Exports.SearchCsvResult(page.Hits, nextCursor, fileName);
            default:
                return TypedResults.Ok(new SearchResponse(page.Hits.Count, page.Total, nextCursor, page.Hits.Select(h => SearchItem.From(h, freshness)).ToList()));
        }
    }

    private static string Label(TaxonomyCatalog catalog, string code) =>
        catalog.Terms(Vocabularies.ServiceCategory).FirstOrDefault(t => t.Code == code)?.LabelJa ?? code;
}
