using System.Globalization;
using System.ComponentModel;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ResourceMap.Api.Common;
using ResourceMap.Api.Hosting;
using ResourceMap.Infrastructure.Audit;
using ResourceMap.Infrastructure.Persistence;

namespace ResourceMap.Api.Audit;

public record AuditEntryResponse(
    long Id,
    DateTimeOffset OccurredAt,
    [property: Description("Name of the API key that made the change; system:seed for seed data.")] string Actor,
    [property: Description("create, update, archive, verify or delete.")] string Action,
    [property: Description("organization, location, service, service_area, service_at_location, region, region_member or api_key.")] string EntityType,
    [property: Description("The record's id; for service_area and service_at_location the service id, for region_member the region id.")] string EntityId,
    [property: Description("Stored values before the change (column names); null for create.")] JsonElement? Before,
    [property: Description("Stored values after the change; null for delete.")] JsonElement? After)
{
    public static AuditEntryResponse From(AuditEntry e) => new(e.Id, e.OccurredAt, e.Actor, e.Action, e.EntityType, e.EntityId,
        Parse(e.Before), Parse(e.After));

    private static JsonElement? Parse(string? json)
    {
        if (json is null) return null;
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

public record AuditPage(int Count, [property: Description("Pass as cursor for the next page; null on the last page.")] string? NextCursor,
    IReadOnlyList<AuditEntryResponse> Items);

public record AuditQuery
{
    public static readonly IReadOnlyList<string> EntityTypes =
        ["organization", "location", "service", "service_area", "service_at_location", "region", "region_member", "api_key"];

    [Description("organization, location, service, service_area, service_at_location, region, region_member or api_key.")]
    [FromQuery(Name = "entity_type")]
    public string? EntityType { get; init; }
    [Description("A record's id (for a service, its service_area and service_at_location entries share it).")]
    [FromQuery(Name = "entity_id")]
    public string? EntityId { get; init; }
    [Description("Name of the API key (person) that made the changes.")]
    [FromQuery(Name = "actor")]
    public string? Actor { get; init; }
    [Description("Entries per page, 1–500 (default 100).")]
    [FromQuery(Name = "limit")]
    public int? Limit { get; init; }
    [Description("next_cursor from the previous page.")]
    [FromQuery(Name = "cursor")]
    public string? Cursor { get; init; }
}

public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(AuthPolicies.Admin);
        group.MapGet("/", ListAsync).WithName("ListAuditEntries").WithSummary("Change history (admins only)")
            .WithDescription("Every create, update, archive, verify and delete of organisations, locations, services (with their service area and sites) and regions: who, when and the stored values before and after. Oldest first, keyset-paged by (occurred_at, id). Filter by record (entity_type, entity_id) or by person (actor).");
        return group;
    }

    private static async Task<Results<Ok<AuditPage>, ValidationProblem>> ListAsync([AsParameters] AuditQuery query,
        ResourceMapDbContext db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (query.EntityType is not null && !AuditQuery.EntityTypes.Contains(query.EntityType))
            errors["entity_type"] = [$"Use one of: {string.Join(", ", AuditQuery.EntityTypes)}."];
        var limit = query.Limit ?? 100;
        if (limit is < 1 or > 500) errors["limit"] = ["limit must be between 1 and 500."];
        DateTimeOffset afterAt = default;
        long afterId = 0;
        if (query.Cursor is not null && !(KeysetCursor.TryDecode(query.Cursor, out afterAt, out var idText) && long.TryParse(idText, out afterId)))
            errors["cursor"] = ["cursor is not a next_cursor issued by this endpoint; start again without it."];
        if (errors.Count > 0) return Problems.ValidationProblem(errors);

        var entries = db.AuditEntries.AsNoTracking();
        if (query.EntityType is not null) entries = entries.Where(e => e.EntityType == query.EntityType);
        if (query.EntityId is not null) entries = entries.Where(e => e.EntityId == query.EntityId);
        if (query.Actor is not null) entries = entries.Where(e => e.Actor == query.Actor);
        if (query.Cursor is not null)
            entries = entries.Where(e => e.OccurredAt > afterAt || (e.OccurredAt == afterAt && e.Id > afterId));
        var page = await entries.OrderBy(e => e.OccurredAt).ThenBy(e => e.Id).Take(limit + 1).ToListAsync(ct);
        string? next = null;
        if (page.Count > limit)
        {
            page.RemoveAt(limit);
            next = KeysetCursor.Encode(page[^1].OccurredAt, page[^1].Id.ToString(CultureInfo.InvariantCulture));
        }
        return TypedResults.Ok(new AuditPage(page.Count, next, page.Select(AuditEntryResponse.From).ToList()));
    }
}
