using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ResourceMap.Api.Common;
using ResourceMap.Api.Hosting;
using ResourceMap.Domain.Geography;
using ResourceMap.Infrastructure.Analytics;

namespace ResourceMap.Api.Analytics;

public record StaleRecord(
    [property: Description("organization or service.")] string EntityType,
    Guid Id,
    string Name,
    [property: Description("For a service, its organisation; null for an organisation.")] Guid? OrganizationId,
    string OwnerMunicipalityCode,
    DateTimeOffset LastVerifiedAt,
    [property: Description("Whole days since last_verified_at.")] int DaysSinceVerified);

public record StalePage(
    int Count,
    [property: Description("Records verified before this moment are stale (now minus Freshness:StaleAfterDays).")] DateTimeOffset StaleBefore,
    [property: Description("Pass as cursor for the next page; null on the last page.")] string? NextCursor,
    IReadOnlyList<StaleRecord> Items);

public record StaleQuery
{
    [Description("Municipality code (5- or 6-digit): records it owns, or with a live site in it. Omitted: everywhere.")]
    [FromQuery(Name = "municipality")]
    public string? Municipality { get; init; }
    [Description("Records per page, 1–500 (default 100).")]
    [FromQuery(Name = "limit")]
    public int? Limit { get; init; }
    [Description("next_cursor from the previous page.")]
    [FromQuery(Name = "cursor")]
    public string? Cursor { get; init; }
}

/// <summary>Staff follow-up lists under /api/analytics (the coverage gap analysis maps its own group).</summary>
public static class AnalyticsApi
{
    public static RouteGroupBuilder MapAnalyticsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/analytics").WithTags("Analytics");
        group.MapGet("/stale", StaleAsync).WithName("ListStaleRecords").WithSummary("Stale organisations and services, for follow-up")
            .WithDescription("Live (not archived) organisations and services whose last_verified_at is older than the freshness period (Freshness:StaleAfterDays, 365 days by default), oldest first, keyset-paged. With municipality: those it owns or that have a live site there. Confirm a record with POST …/verify; editing it confirms it too.")
            .RequireAuthorization(AuthPolicies.Editor);
        return group;
    }

    private static async Task<Results<Ok<StalePage>, ValidationProblem>> StaleAsync([AsParameters] StaleQuery query,
        HttpContext http, StaleRecords stale, Freshness freshness, CancellationToken ct)
    {
        var viewer = await Viewer.ForSearchAsync(http, ct);
        var errors = new Dictionary<string, string[]>();
        string? municipality = null;
        if (query.Municipality is not null)
        {
            if (MunicipalityCode.TryParse(query.Municipality, out var code, out var error)) municipality = code.Value;
            else errors["municipality"] = [error!];
        }
        var limit = query.Limit ?? 100;
        if (limit is < 1 or > 500) errors["limit"] = ["limit must be between 1 and 500."];
        DateTimeOffset afterAt = default;
        Guid afterId = default;
        if (query.Cursor is not null && !(KeysetCursor.TryDecode(query.Cursor, out afterAt, out var idText) && Guid.TryParse(idText, out afterId)))
            errors["cursor"] = ["cursor is not a next_cursor issued by this endpoint; start again without it."];
        if (errors.Count > 0) return Problems.ValidationProblem(errors);

        var now = freshness.Now;
        var cutoff = freshness.Cutoff(now);
        var rows = await stale.PageAsync(cutoff, viewer, municipality, query.Cursor is null ? null : (afterAt, afterId), limit + 1, ct);
        var items = rows.Select(r => new StaleRecord(r.EntityType, r.Id, r.Name, r.OrganizationId, r.OwnerMunicipalityCode,
            r.LastVerifiedAt, (int)(now - r.LastVerifiedAt).TotalDays)).ToList();
        string? next = null;
        if (items.Count > limit)
        {
            items.RemoveAt(limit);
            next = KeysetCursor.Encode(items[^1].LastVerifiedAt, items[^1].Id.ToString());
        }
        return TypedResults.Ok(new StalePage(items.Count, cutoff, next, items));
    }
}
