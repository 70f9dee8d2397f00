using System.ComponentModel;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ResourceMap.Api.Common;
using ResourceMap.Api.Search;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Domain.Geography;
using ResourceMap.Infrastructure.Persistence;
using ResourceMap.Infrastructure.Search;
using ResourceMap.Infrastructure.Sharing;

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
    [Description("Results per page (default 50, at most 500).")]
    [FromQuery(Name = "limit")]
    public string? Limit { get; init; }
    [Description("next_cursor from the previous page.")]
    [FromQuery(Name = "cursor")]
    public string? Cursor { get; init; }
}

public record CapacityOrganization(Guid Id, string Name)
{
    [Description("Restricted: the organisation's contact person; absent unless the organisation is shared with the caller (admins, the owner municipality's staff, staff of municipalities in its shared_with_regions) or when empty.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ContactPerson { get; init; }
}

public record CapacityItem(
    Guid ServiceId,
    string Name,
    string Category,
    CapacityOrganization Organization,
    [property: Description("Municipality of the service's nearest site in the region; null for a service without sites.")] string? MunicipalityCode,
    [property: Description("Metres from the representative point of `for` to that site; null without a site.")] double? DistanceM,
    string? CapacityNote,
    IReadOnlyList<string> Channels,
    bool AnonymousOk,
    bool AcceptsOtherMunicipalities,
    [property: Description("Why a resident of `for` can use it: located_in_for, accepts_other_municipalities, service_area_covers_for.")] IReadOnlyList<string> UsableBecause)
{
    [Description("Restricted: a direct phone line; absent unless the service is shared with the caller (admins, the owner municipality's staff, staff of municipalities in its shared_with_regions) or when empty.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RestrictedPhone { get; init; }
    [Description("Restricted: a direct e-mail address; absent unless the service is shared with the caller, or when empty.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RestrictedEmail { get; init; }
    [Description("Restricted: capacity details (free places, conditions); absent unless the service is shared with the caller, or when empty.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CapacityDetails { get; init; }

    /// <summary>The item; each record's restricted fields only when that record (service or organisation) is shared with the caller.</summary>
    public static CapacityItem From(CapacityHit h, bool serviceShared, bool organizationShared) => new(
        h.ServiceId, h.ServiceName, h.Category,
        new CapacityOrganization(h.OrganizationId, h.OrganizationName) { ContactPerson = organizationShared ? h.Restricted.ContactPerson : null },
        h.MunicipalityCode, h.DistanceMetres is { } d ? Math.Round(d, 1) : null, h.CapacityNote, h.Channels, h.AnonymousOk,
        h.AcceptsOtherMunicipalities, Reasons(h))
    {
        RestrictedPhone = serviceShared ? h.Restricted.RestrictedPhone : null,
        RestrictedEmail = serviceShared ? h.Restricted.RestrictedEmail : null,
        CapacityDetails = serviceShared ? h.Restricted.CapacityDetails : null,
    };

    private static List<string> Reasons(CapacityHit h)
    {
        var reasons = new List<string>();
        if (h.LocatedInFor) reasons.Add("located_in_for");
        if (h.AcceptsOtherMunicipalities) reasons.Add("accepts_other_municipalities");
        if (h.ServiceAreaCoversFor) reasons.Add("service_area_covers_for");
        return reasons;
    }
}

public record CapacityResponse(
    string For,
    string Region,
    string? Category,
    [property: Description("Pass as cursor to get the next page; null on the last page.")] string? NextCursor,
    IReadOnlyList<CapacityItem> Items);

public static class SharingApi
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;
    private const string CursorKind = "capacity";

    public static RouteGroupBuilder MapSharingApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/sharing").WithTags("Sharing");
        group.MapGet("/capacity", CapacityAsync).WithName("GetSharedCapacity").WithSummary("Services in a region that a resident of a municipality can use")
            .WithDescription("Services with a site in the region (or, without sites, owned by a member municipality) that are located in `for`, " +
                             "accept people from other municipalities, or have a service area covering `for`; nearest first from `for`'s " +
                             "representative point (services without a site last), ties by service id. Keyset-paged: `limit` " +
                             $"(default {DefaultLimit}, at most {MaxLimit}) and `next_cursor`. Respects sharing scopes like the searches. " +
                             "Restricted fields (restricted_phone, restricted_email, capacity_details, the organisation's contact_person) " +
                             "are present only where that service or organisation is shared with the caller; otherwise they are absent.");
        return group;
    }

    private static async Task<Results<Ok<CapacityResponse>, ValidationProblem>> CapacityAsync([AsParameters] CapacityQuery query,
        HttpContext http, SharedCapacity capacity, TaxonomyCatalog catalog, ResourceMapDbContext db, CancellationToken ct)
    {
        var parser = new SearchParameterParser(catalog);
        var forCode = await MunicipalityAsync(query.For, parser, db, ct);
        if (string.IsNullOrWhiteSpace(query.Region)) parser.Error("region", "region (a region id) is required.");
        else if (!await db.Regions.AnyAsync(r => r.Id == query.Region, ct)) parser.Error("region", $"No region has the id {query.Region}.");
        var filters = parser.Filters(new SearchFilterQuery { Category = query.Category });
        var limit = parser.Limit(query.Limit, DefaultLimit, MaxLimit);
        var cursor = parser.Cursor(query.Cursor, CursorKind);
        if (!parser.IsValid) return Problems.ValidationProblem(parser.Errors);

        var viewer = await Viewer.ForAsync(http, ct);
        var page = await capacity.ForAsync(forCode!, query.Region!, filters with { Viewer = viewer.ForSearch() }, cursor, limit, ct);
        var items = page.Hits
            .Select(h => CapacityItem.From(h, viewer.SharedWith(h.ServiceSharing), viewer.SharedWith(h.OrganizationSharing)))
            .ToList();
        var next = page.Next is null ? null : SearchParameterParser.EncodeCursor(page.Next, CursorKind);
        return TypedResults.Ok(new CapacityResponse(forCode!, query.Region!, query.Category, next, items));
    }

    private static async Task<string?> MunicipalityAsync(string? text, SearchParameterParser parser, ResourceMapDbContext db, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(text)) { parser.Error("for", "for (a municipality code) is required."); return null; }
        if (!MunicipalityCode.TryParse(text, out var code, out var error)) { parser.Error("for", error!); return null; }
        if (!await db.Municipalities.AnyAsync(m => m.Code == code.Value, ct)) { parser.Error("for", $"No municipality has the code {code.Value}."); return null; }
        return code.Value;
    }
}
