using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using ResourceMap.Api.Common;
using ResourceMap.Api.Hosting;
using ResourceMap.Domain.Geography;
using ResourceMap.Infrastructure.Geography;
using ResourceMap.Infrastructure.Persistence;

namespace ResourceMap.Api.Municipalities;

public record MunicipalityResponse(
    [property: Description("5-digit local government code (全国地方公共団体コード without check digit).")] string Code,
    [property: Description("Official 6-digit code including its check digit.")] string OfficialCode,
    string PrefectureCode,
    string Prefecture,
    [property: Description("Hokkaido sub-prefecture bureau (振興局); null elsewhere.")] string? Bureau,
    [property: Description("District (郡) or designated city (for wards).")] string? DistrictOrCity,
    string Name,
    [property: Description("Name as written in addresses, e.g. 虻田郡洞爺湖町 or 札幌市中央区.")] string FullName,
    [property: Description("True for the six Northern Territories villages, coded but not administered.")] bool IsUnadministered,
    LatLng RepresentativePoint,
    [property: Description("MultiPolygon as GeoJSON (SRID 4326); only with include=boundary.")]
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    MultiPolygon? Boundary)
{
    public static MunicipalityResponse From(Municipality m, bool withBoundary) => new(
        m.Code, m.OfficialCode, m.PrefectureCode, m.Prefecture, m.Bureau, m.DistrictOrCity, m.Name, m.FullName,
        m.IsUnadministered, LatLng.From(m.RepresentativePoint)!, withBoundary ? m.Boundary : null);
}

public record NeighbourResponse(
    string Code,
    string OfficialCode,
    string Name,
    [property: Description("Name as written in addresses, e.g. 白老郡白老町.")] string FullName,
    string Prefecture,
    [property: Description("Length of the common boundary on the stored (simplified) shapes, in metres; 0 when they only come within the 50 m tolerance.")] double SharedBorderM);

public record NeighbourListResponse(
    [property: Description("The municipality asked about (5-digit code).")] string Code,
    int Count,
    IReadOnlyList<NeighbourResponse> Items);

public record MunicipalityListResponse(int Count, IReadOnlyList<MunicipalityResponse> Items);

public record MunicipalityListQuery
{
    [Description("Prefecture name (北海道) or 2-digit prefecture code (01).")]
    [FromQuery(Name = "prefecture")]
    public string? Prefecture { get; init; }
    [Description("Hokkaido sub-prefecture bureau, e.g. 胆振総合振興局.")]
    [FromQuery(Name = "bureau")]
    public string? Bureau { get; init; }
    [Description("Part of the municipality's name, e.g. 登別.")]
    [FromQuery(Name = "q")]
    public string? Q { get; init; }
}

public static class MunicipalitiesApi
{
    public static RouteGroupBuilder MapMunicipalitiesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/municipalities").WithTags("Municipalities");

        group.MapGet("/", ListAsync).WithName("ListMunicipalities")
            .WithSummary("List municipalities")
            .WithDescription("Every coded municipality of Japan (designated cities by ward), filtered by prefecture, bureau or name. Boundaries are not included in lists.");

        group.MapGet("/{code}", GetAsync).WithName("GetMunicipality")
            .WithSummary("Get a municipality by its 5- or 6-digit code")
            .WithDescription("Accepts 01230 or the official 012301; a 6-digit code with a wrong check digit is a 400. include=boundary adds the MultiPolygon; Accept: application/geo+json (or format=geojson) returns a GeoJSON Feature.")
            .Produces<MunicipalityResponse>(200, "application/json")
            .WithMetadata(new GeoJsonAlternativeMetadata(typeof(GeoJsonFeature<MunicipalityResponse>)));

        group.MapGet("/{code}/neighbours", NeighboursAsync).WithName("ListMunicipalityNeighbours")
            .WithSummary("Municipalities that share a boundary with this one")
            .WithDescription("Computed by PostGIS on the stored (simplified) boundaries: a municipality is a neighbour when its boundary touches or overlaps this one's, or comes within 50 m of it (simplification can leave thin gaps between neighbours). Corner contacts count. Islands without a land border have none. shared_border_m is the length of the common boundary line on the stored shapes, 0 when they only come close.");

        return group;
    }

    private static async Task<Results<Ok<NeighbourListResponse>, ValidationProblem, ProblemHttpResult>> NeighboursAsync(
        [Description("5-digit code or official 6-digit code, e.g. 01230 or 012301.")] string code,
        ResourceMapDbContext db, MunicipalityNeighbours neighbours, CancellationToken ct)
    {
        if (!MunicipalityCode.TryParse(code, out var parsed, out var error)) return Problems.ValidationProblem("code", error!);
        if (!await db.Municipalities.AnyAsync(m => m.Code == parsed.Value, ct)) return Problems.NotFoundProblem("municipality", code);

        var items = (await neighbours.OfAsync(parsed.Value, ct))
            .Select(n => new NeighbourResponse(n.Code, n.OfficialCode, n.Name, (n.DistrictOrCity ?? "") + n.Name, n.Prefecture,
                Math.Round(n.SharedBorderMetres)))
            .ToList();
        return TypedResults.Ok(new NeighbourListResponse(parsed.Value, items.Count, items));
    }

    private static async Task<Ok<MunicipalityListResponse>> ListAsync([AsParameters] MunicipalityListQuery query,
        ResourceMapDbContext db, CancellationToken ct)
    {
        var municipalities = db.Municipalities.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Prefecture))
        {
            var prefecture = query.Prefecture.Trim();
            municipalities = municipalities.Where(m => m.Prefecture == prefecture || m.PrefectureCode == prefecture);
        }
        if (!string.IsNullOrWhiteSpace(query.Bureau)) municipalities = municipalities.Where(m => m.Bureau == query.Bureau.Trim());
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var q = query.Q.Trim();
            municipalities = municipalities.Where(m => m.Name.Contains(q) || (m.DistrictOrCity ?? "").Contains(q));
        }
        var items = await municipalities.OrderBy(m => m.Code)
            .Select(m => new Municipality
            {
                Code = m.Code, OfficialCode = m.OfficialCode, PrefectureCode = m.PrefectureCode, Prefecture = m.Prefecture,
                Bureau = m.Bureau, DistrictOrCity = m.DistrictOrCity, Name = m.Name, IsUnadministered = m.IsUnadministered,
                RepresentativePoint = m.RepresentativePoint, Boundary = null!,
            })
            .ToListAsync(ct);
        return TypedResults.Ok(new MunicipalityListResponse(items.Count, items.Select(m => MunicipalityResponse.From(m, false)).ToList()));
    }

    private static async Task<Results<Ok<MunicipalityResponse>, JsonHttpResult<GeoJsonFeature<MunicipalityResponse>>, ValidationProblem, ProblemHttpResult>> GetAsync(
        [Description("5-digit code or official 6-digit code, e.g. 01230 or 012301.")] string code,
        [Description("Set to 'boundary' to include the boundary MultiPolygon.")] string? include,
        [Description("Set to 'geojson' for a GeoJSON Feature (same as Accept: application/geo+json).")] string? format,
        HttpRequest request, ResourceMapDbContext db, CancellationToken ct)
    {
        if (!MunicipalityCode.TryParse(code, out var parsed, out var error)) return Problems.ValidationProblem("code", error!);
        var municipality = await db.Municipalities.AsNoTracking().SingleOrDefaultAsync(m => m.Code == parsed.Value, ct);
        if (municipality is null) return Problems.NotFoundProblem("municipality", code);

        if (GeoJsonMedia.Requested(request, format))
        {
            var feature = new GeoJsonFeature<MunicipalityResponse>(municipality.Code, municipality.Boundary,
                MunicipalityResponse.From(municipality, withBoundary: false));
            return TypedResults.Json(feature, contentType: GeoJsonMedia.MediaType);
        }
        var withBoundary = string.Equals(include, "boundary", StringComparison.OrdinalIgnoreCase);
        return TypedResults.Ok(MunicipalityResponse.From(municipality, withBoundary));
    }
}
