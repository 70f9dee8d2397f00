using System.ComponentModel;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using ResourceMap.Api.Common;
using ResourceMap.Api.Hosting;
using ResourceMap.Domain.Geography;
using ResourceMap.Infrastructure.Persistence;

namespace ResourceMap.Api.Regions;

public record RegionMemberResponse(string Code, string OfficialCode, string Name, string FullName);

public record RegionResponse(
    [property: Description("Stable slug, e.g. nishi-iburi.")] string Id,
    string NameJa,
    string NameEn,
    [property: Description("prefecture | bureau | zone | custom")] string Kind,
    string? Description,
    [property: Description("True for regions shipped as reference data, which cannot be changed through the API.")] bool IsReferenceData,
    int MemberCount,
    IReadOnlyList<RegionMemberResponse> Members,
    [property: Description("Union of the members' boundaries (GeoJSON MultiPolygon); only with include=boundary.")]
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    MultiPolygon? Geometry);

public record RegionSummary(string Id, string NameJa, string NameEn, string Kind, int MemberCount);

public record CreateRegionRequest(
    [property: Description("Slug: lower-case letters, digits and hyphens, 3–64 characters.")] string Id,
    string NameJa,
    string NameEn,
    string? Description,
    [property: Description("5- or 6-digit municipality codes.")] List<string> MemberCodes);

public class CreateRegionValidator : AbstractValidator<CreateRegionRequest>
{
    public CreateRegionValidator()
    {
        RuleFor(r => r.Id).NotEmpty().Matches("^[a-z0-9][a-z0-9-]{2,63}$")
            .WithMessage("id must be 3–64 lower-case letters, digits or hyphens, starting with a letter or digit.");
        RuleFor(r => r.NameJa).NotEmpty().MaximumLength(200).MustBeSingleLine();
        RuleFor(r => r.NameEn).NotEmpty().MaximumLength(200).MustBeSingleLine();
        RuleFor(r => r.Description).MaximumLength(2000);
        RuleFor(r => r.MemberCodes).NotEmpty().WithMessage("A region needs at least one member municipality.")
            .Must(c => c.Count <= 2000).WithMessage("A region has at most 2,000 members.");
        RuleForEach(r => r.MemberCodes).MustBeMunicipalityCode();
    }
}

public static class RegionsApi
{
    public static RouteGroupBuilder MapRegionsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/regions").WithTags("Regions");
        group.MapGet("/", ListAsync).WithName("ListRegions").WithSummary("List regions")
            .WithDescription("Prefectures, Hokkaido's sub-prefecture bureaus, wide-area zones (e.g. nishi-iburi) and custom areas.");
        group.MapGet("/{id}", GetAsync).WithName("GetRegion").WithSummary("Get a region with its member municipalities")
            .WithDescription("include=boundary adds the union of the members' boundaries.");
        group.MapPost("/", CreateAsync).WithName("CreateRegion").WithSummary("Create a custom region (admin)")
            .WithDescription("Creates a region of kind 'custom' from member municipality codes; its geometry is their union.")
            .RequireAuthorization(AuthPolicies.Admin)
            .WithValidation<CreateRegionRequest>();
        return group;
    }

    private static async Task<Results<Ok<List<RegionSummary>>, ValidationProblem>> ListAsync(
        [Description("Filter by kind: prefecture, bureau, zone or custom.")] string? kind, ResourceMapDbContext db, CancellationToken ct)
    {
        if (kind is not null && !RegionKinds.All.Contains(kind))
            return Problems.ValidationProblem("kind", $"Unknown region kind '{kind}'; use one of {string.Join(", ", RegionKinds.All)}.");
        var regions = db.Regions.AsNoTracking();
        if (kind is not null) regions = regions.Where(r => r.Kind == kind);
        var items = await regions
            .OrderBy(r => r.Kind == RegionKinds.Prefecture ? 0 : r.Kind == RegionKinds.Bureau ? 1 : r.Kind == RegionKinds.Zone ? 2 : 3)
            .ThenBy(r => r.Id)
            .Select(r => new RegionSummary(r.Id, r.NameJa, r.NameEn, r.Kind, r.Members.Count))
            .ToListAsync(ct);
        return TypedResults.Ok(items);
    }

    private static async Task<Results<Ok<RegionResponse>, ProblemHttpResult>> GetAsync(string id,
        [Description("Set to 'boundary' to include the region's geometry.")] string? include,
        ResourceMapDbContext db, CancellationToken ct)
    {
        var response = await LoadAsync(db, id, string.Equals(include, "boundary", StringComparison.OrdinalIgnoreCase), ct);
        return response is null ? Problems.NotFoundProblem("region", id) : TypedResults.Ok(response);
    }

    private static async Task<Results<Created<RegionResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateRegionRequest request, ResourceMapDbContext db, CancellationToken ct)
    {
        var codes = request.MemberCodes.Select(c => MunicipalityCode.Parse(c).Value).Distinct().ToList();
        var known = await db.Municipalities.Where(m => codes.Contains(m.Code)).Select(m => m.Code).ToListAsync(ct);
        var unknown = codes.Except(known).ToList();
        if (unknown.Count > 0)
            return Problems.ValidationProblem("member_codes", $"Unknown municipality codes: {string.Join(", ", unknown)}.");
        if (await db.Regions.AnyAsync(r => r.Id == request.Id, ct))
            return Problems.ConflictProblem($"A region with id '{request.Id}' already exists.");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Regions.Add(new Region
        {
            Id = request.Id, NameJa = request.NameJa.Trim(), NameEn = request.NameEn.Trim(), Kind = RegionKinds.Custom,
            Description = request.Description, CreatedAt = DateTimeOffset.UtcNow,
            Members = codes.Select(c => new RegionMember { RegionId = request.Id, MunicipalityCode = c }).ToList(),
        });
        await db.SaveChangesAsync(ct);
        await RegionGeometry.RecomputeAsync(db, [request.Id], ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/regions/{request.Id}", await LoadAsync(db, request.Id, false, ct));
    }

    private static async Task<RegionResponse?> LoadAsync(ResourceMapDbContext db, string id, bool withGeometry, CancellationToken ct)
    {
        var region = await db.Regions.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);
        if (region is null) return null;
        var members = await db.RegionMembers.AsNoTracking().Where(m => m.RegionId == id)
            .Join(db.Municipalities, m => m.MunicipalityCode, m => m.Code, (_, m) => new { m.Code, m.OfficialCode, m.Name, m.DistrictOrCity })
            .OrderBy(m => m.Code).ToListAsync(ct);
        return new RegionResponse(region.Id, region.NameJa, region.NameEn, region.Kind, region.Description, region.IsReferenceData,
            members.Count, members.Select(m => new RegionMemberResponse(m.Code, m.OfficialCode, m.Name, (m.DistrictOrCity ?? "") + m.Name)).ToList(),
            withGeometry ? region.Geometry : null);
    }
}
