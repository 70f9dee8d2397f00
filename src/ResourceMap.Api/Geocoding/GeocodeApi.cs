using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ResourceMap.Api.Common;
using ResourceMap.Domain.Geography;
using ResourceMap.Infrastructure.Geocoding;

namespace ResourceMap.Api.Geocoding;

public record GeocodeResponse(
    [property: Description("matched, ambiguous or not_found.")] string Status,
    [property: Description("The address after normalisation (NFKC, 丁目 as kanji numerals).")] string NormalizedAddress,
    string? MunicipalityCode,
    string? Prefecture,
    string? Municipality,
    string? Town,
    double? Lat,
    double? Lng,
    [property: Description("town, or municipality (its representative point) when no town matched.")] string? Precision,
    IReadOnlyList<string> Warnings,
    [property: Description("For ambiguous: the municipalities the name could mean.")] IReadOnlyList<string> Candidates)
{
    public static GeocodeResponse From(GeocodeResult r) => new(r.Status, r.NormalizedAddress, r.MunicipalityCode, r.Prefecture,
        r.Municipality, r.Town, r.Lat, r.Lng, r.Precision, r.Warnings, r.Candidates);
}

public static class GeocodeApi
{
    public static RouteHandlerBuilder MapGeocodeApi(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/geocode", GeocodeAsync).WithName("Geocode").WithTags("Geocoding").WithSummary("Geocode a Japanese address offline (town gazetteer)")
            .WithDescription("Normalises the address (NFKC; 1丁目, １丁目, 一丁目 and 1-2-3 alike; 北海道 and 郡 optional), matches the municipality, then the longest town name. Without a town, the municipality's representative point with a warning. Data: Geolonia 住所データ (CC BY 4.0).");

    private static async Task<Results<Ok<GeocodeResponse>, ValidationProblem>> GeocodeAsync(
        [FromQuery, Description("Address, e.g. 北海道登別市幌別町1丁目5-3.")] string? address,
        [FromQuery, Description("Comma-separated municipality codes to prefer when a name exists in several prefectures (e.g. 伊達市).")] string? within,
        GazetteerGeocoder geocoder, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(address)) return Problems.ValidationProblem("address", "address is required.");
        if (address.Length > 500) return Problems.ValidationProblem("address", "An address has at most 500 characters.");
        var scope = new List<string>();
        foreach (var code in (within ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!MunicipalityCode.TryParse(code, out var parsed, out var error)) return Problems.ValidationProblem("within", error!);
            scope.Add(parsed.Value);
        }
        return TypedResults.Ok(GeocodeResponse.From(await geocoder.GeocodeAsync(address, scope, ct)));
    }
}
