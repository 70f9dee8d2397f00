using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ResourceMap.Api.Common;
using ResourceMap.Api.Search;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Domain.Geography;
using ResourceMap.Domain.Taxonomy;
using ResourceMap.Infrastructure.Persistence;
using ResourceMap.Infrastructure.Search;

namespace ResourceMap.Api.Sharing;

public record CapacityQuery
{
    [Description("Municipality code of the resident (5 or 6 digits), e.g. 01578 for 白老町.")]
    [FromQuery(Name = "for")]
    public string? For { get; init; }
    [Description("Region id, e.g. nishi-iburi.")]
    [FromQuery(Name = "region")]
    public string? Region { get; init; }
    [Description("service_category code, e.g. ibasho.")]
    [FromQuery(Name = "category")]
    public string? Category { get; init; }
}

public record CapacityItem(
    Guid ServiceId,
    string Name,
    string Category,
    SearchOrganization Organization,
    [property: Description("Municipality of the service's nearest site in the region; null for a service without sites.")] string? MunicipalityCode,
    [property: Description("Metres from the representative point of `for` to that site; null without a site.")] double? DistanceM,
    string? CapacityNote,
    IReadOnlyList<string> Channels,
    bool AnonymousOk,
    bool AcceptsOtherMunicipalities,
    [property: Description("Why a resident of `for` can use it: located_in_for, accepts_other_municipalities, service_area_covers_for.")] IReadOnlyList<string> UsableBecause);

public record CapacityResponse(string For, string Region, string? Category, IReadOnlyList<CapacityItem> Items);

public static class SharingApi
{
    public const int MaxItems = 500;

    public static RouteGroupBuilder MapSharingApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/sharing").WithTags("Sharing");
        group.MapGet("/capacity", CapacityAsync).WithSummary("Services in a region that a resident of a municipality can use")
            .WithDescription("Services with a site in the region (or, without sites, owned by a member municipality) that are located in `for`, " +
                             "accept people from other municipalities, or have a service area covering `for`; nearest first from `for`'s " +
                             $"representative point, at most {MaxItems}. Respects sharing scopes like the searches; never carries restricted fields.");
        return group;
    }

    private static async Task<Results<Ok<CapacityResponse>, ValidationProblem>> CapacityAsync([AsParameters] CapacityQuery query,
        HttpContext http, ServiceSearch search, TaxonomyCatalog catalog, ResourceMapDbContext db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        string? forCode = null;
        if (string.IsNullOrWhiteSpace(query.For)) errors["for"] = ["for (a municipality code) is required."];
        else if (!MunicipalityCode.TryParse(query.For, out var code, out var error)) errors["for"] = [error!];
        else if (!await db.Municipalities.AnyAsync(m => m.Code == code.Value, ct)) errors["for"] = [$"No municipality has the code {code.Value}."];
        else forCode = code.Value;
        if (string.IsNullOrWhiteSpace(query.Region)) errors["region"] = ["region (a region id) is required."];
        else if (!await db.Regions.AnyAsync(r => r.Id == query.Region, ct)) errors["region"] = [$"No region has the id {query.Region}."];
        if (query.Category is not null && !catalog.Contains(Vocabularies.ServiceCategory, query.Category))
            errors["category"] = [$"'{query.Category}' is not a service_category code; use one of: {catalog.Codes(Vocabularies.ServiceCategory)}."];
        if (errors.Count > 0) return Problems.ValidationProblem(errors);

        var filters = new SearchFilters { Category = query.Category, Viewer = await Viewer.ForSearchAsync(http, ct) };
        var hits = await search.SharedCapacityAsync(forCode!, query.Region!, filters, MaxItems, ct);
        var items = hits.Select(h => new CapacityItem(h.ServiceId, h.ServiceName, h.Category,
            new SearchOrganization(h.OrganizationId, h.OrganizationName), h.MunicipalityCode,
            h.DistanceMetres is { } d ? Math.Round(d, 1) : null, h.CapacityNote, h.Channels, h.AnonymousOk, h.AcceptsOtherMunicipalities,
            Reasons(h))).ToList();
        return TypedResults.Ok(new CapacityResponse(forCode!, query.Region!, query.Category, items));
    }

    private static List<string> Reasons(CapacityHit h)
    {
        var reasons = new List<string>();
        if (h.LocatedInFor) reasons.Add("located_in_for");
        if (h.AcceptsOtherMunicipalities) reasons.Add("accepts_other_municipalities");
        if (h.ServiceAreaCoversFor) reasons.Add("service_area_covers_for");
        return reasons;
    }
}
