using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using ResourceMap.Api.Common;
using ResourceMap.Api.Hosting;
using ResourceMap.Domain.Geography;
using ResourceMap.Infrastructure.Sharing;

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

public static class StaleApi
{
    public static RouteGroupBuilder MapAnalyticsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/analytics").WithTags("Analytics");
        group.MapGet("/stale", StaleAsync).WithSummary("Stale organisations and services, for follow-up")
            .WithDescription("Live (not archived) organisations and services whose last_verified_at is older than the freshness period (Freshness:StaleAfterDays, 365 days by default), oldest first, keyset-paged. With municipality: those it owns or that have a live site there. Confirm a record with POST …/verify; editing it confirms it too.")
            .RequireAuthorization(AuthPolicies.Editor);
        return group;
    }

    private static async Task<Results<Ok<StalePage>, ValidationProblem>> StaleAsync([AsParameters] StaleQuery query,
        HttpContext http, NpgsqlDataSource dataSource, CancellationToken ct)
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

        var now = DateTimeOffset.UtcNow;
        var cutoff = Freshness.Cutoff(now);
        // Both kinds in one keyset order (last_verified_at, id); ids are unique across both tables (UUIDv7).
        // The sharing rule's SQL rendering on both branches: a service is listed only with an organisation the caller may read.
        await using var command = dataSource.CreateCommand($"""
            SELECT kind, id, name, organization_id, owner, last_verified_at FROM (
                SELECT 'organization' AS kind, o.id, o.name, NULL::uuid AS organization_id,
                       o.owner_municipality_code::text AS owner, o.last_verified_at
                FROM organizations o
                WHERE o.archived_at IS NULL AND o.last_verified_at < @cutoff
                  AND {SharingRule.Sql(viewer, "o.sharing_scope", "o.owner_municipality_code", "o.shared_with_regions")}
                  AND (@municipality::text IS NULL OR o.owner_municipality_code = @municipality OR EXISTS (
                      SELECT 1 FROM services s
                      JOIN service_at_location sal ON sal.service_id = s.id
                      JOIN locations l ON l.id = sal.location_id AND l.archived_at IS NULL
                      WHERE s.organization_id = o.id AND s.archived_at IS NULL AND l.municipality_code = @municipality))
                UNION ALL
                SELECT 'service', s.id, s.name, s.organization_id, s.owner_municipality_code::text, s.last_verified_at
                FROM services s
                JOIN organizations so ON so.id = s.organization_id
                WHERE s.archived_at IS NULL AND s.last_verified_at < @cutoff
                  AND {SharingRule.ServiceSql(viewer, "s", "so")}
                  AND (@municipality::text IS NULL OR s.owner_municipality_code = @municipality OR EXISTS (
                      SELECT 1 FROM service_at_location sal
                      JOIN locations l ON l.id = sal.location_id AND l.archived_at IS NULL
                      WHERE sal.service_id = s.id AND l.municipality_code = @municipality))
            ) stale
            WHERE @after_at::timestamptz IS NULL OR (last_verified_at, id) > (@after_at, @after_id)
            ORDER BY last_verified_at, id
            LIMIT @limit
            """);
        command.Parameters.Add(new NpgsqlParameter("cutoff", cutoff));
        SharingRule.AddParameters(command.Parameters, viewer);
        command.Parameters.Add(new NpgsqlParameter("municipality", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)municipality ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("after_at", NpgsqlTypes.NpgsqlDbType.TimestampTz)
            { Value = query.Cursor is null ? DBNull.Value : afterAt });
        command.Parameters.Add(new NpgsqlParameter("after_id", NpgsqlTypes.NpgsqlDbType.Uuid) { Value = afterId });
        command.Parameters.Add(new NpgsqlParameter("limit", limit + 1));
        var items = new List<StaleRecord>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var verified = reader.GetFieldValue<DateTimeOffset>(5);
                items.Add(new StaleRecord(reader.GetString(0), reader.GetGuid(1), reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetGuid(3), reader.GetString(4), verified, (int)(now - verified).TotalDays));
            }
        }
        string? next = null;
        if (items.Count > limit)
        {
            items.RemoveAt(limit);
            next = KeysetCursor.Encode(items[^1].LastVerifiedAt, items[^1].Id.ToString());
        }
        return TypedResults.Ok(new StalePage(items.Count, cutoff, next, items));
    }
}
