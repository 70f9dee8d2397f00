using Npgsql;
using NpgsqlTypes;
using ResourceMap.Infrastructure.Search;

namespace ResourceMap.Infrastructure.Analytics;

/// <summary>A live organisation or service that has not been confirmed since the cutoff.</summary>
public sealed record StaleRow(string EntityType, Guid Id, string Name, Guid? OrganizationId, string OwnerMunicipalityCode,
    DateTimeOffset LastVerifiedAt);

/// <summary>
/// Live (not archived) organisations and services last verified before a cutoff, oldest first, keyset-paged on
/// (last_verified_at, id), filtered by what the caller may read.
/// </summary>
public sealed class StaleRecords(NpgsqlDataSource dataSource)
{
    /// <summary>Up to <paramref name="limit"/> rows after the cursor (null: from the start).</summary>
    public async Task<List<StaleRow>> PageAsync(DateTimeOffset cutoff, SearchViewer viewer, string? municipality,
        (DateTimeOffset At, Guid Id)? after, int limit, CancellationToken ct)
    {
        // Both kinds in one keyset order (last_verified_at, id); ids are unique across both tables (UUIDv7).
        await using var command = dataSource.CreateCommand("""
            SELECT kind, id, name, organization_id, owner, last_verified_at FROM (
                SELECT 'organization' AS kind, o.id, o.name, NULL::uuid AS organization_id,
                       o.owner_municipality_code::text AS owner, o.last_verified_at
                FROM organizations o
                WHERE o.archived_at IS NULL AND o.last_verified_at < @cutoff
                  AND (@all OR o.sharing_scope = 'public' OR o.owner_municipality_code = @home
                       OR (o.sharing_scope = 'partners' AND o.shared_with_regions && @regions))
                  AND (@municipality::text IS NULL OR o.owner_municipality_code = @municipality OR EXISTS (
                      SELECT 1 FROM services s
                      JOIN service_at_location sal ON sal.service_id = s.id
                      JOIN locations l ON l.id = sal.location_id AND l.archived_at IS NULL
                      WHERE s.organization_id = o.id AND s.archived_at IS NULL AND l.municipality_code = @municipality))
                UNION ALL
                SELECT 'service', s.id, s.name, s.organization_id, s.owner_municipality_code::text, s.last_verified_at
                FROM services s
                WHERE s.archived_at IS NULL AND s.last_verified_at < @cutoff
                  AND (@all OR s.sharing_scope = 'public' OR s.owner_municipality_code = @home
                       OR (s.sharing_scope = 'partners' AND s.shared_with_regions && @regions))
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
        // Staff see what their sharing scopes allow (as on GET by id); admins and home-less configured keys everything.
        command.Parameters.Add(new NpgsqlParameter("all", viewer.SeesEverything));
        command.Parameters.Add(new NpgsqlParameter("home", NpgsqlDbType.Text) { Value = (object?)viewer.Home ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("regions", viewer.HomeRegions.ToArray()));
        command.Parameters.Add(new NpgsqlParameter("municipality", NpgsqlDbType.Text) { Value = (object?)municipality ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("after_at", NpgsqlDbType.TimestampTz) { Value = after is null ? DBNull.Value : after.Value.At });
        command.Parameters.Add(new NpgsqlParameter("after_id", NpgsqlDbType.Uuid) { Value = after?.Id ?? Guid.Empty });
        command.Parameters.Add(new NpgsqlParameter("limit", limit));
        var rows = new List<StaleRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new StaleRow(reader.GetString(0), reader.GetGuid(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetGuid(3), reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5)));
        }
        return rows;
    }
}
