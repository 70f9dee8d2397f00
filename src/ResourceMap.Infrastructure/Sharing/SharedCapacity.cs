using System.Text;
using Npgsql;
using ResourceMap.Infrastructure.Search;

namespace ResourceMap.Infrastructure.Sharing;

/// <summary>A service in a region that a resident of another (or the same) municipality can use.</summary>
public sealed record CapacityHit(
    Guid ServiceId,
    string ServiceName,
    string Category,
    Guid OrganizationId,
    string OrganizationName,
    string? MunicipalityCode,
    double? DistanceMetres,
    string? CapacityNote,
    string[] Channels,
    bool AnonymousOk,
    bool AcceptsOtherMunicipalities,
    bool LocatedInFor,
    bool ServiceAreaCoversFor,
    RecordSharing ServiceSharing,
    RecordSharing OrganizationSharing,
    CapacityRestrictedFields Restricted);

/// <summary>
/// The restricted fields of a capacity hit as stored (the service's direct line, address and capacity details, the
/// organisation's contact person); always null for a public caller. Who may see them is decided per record.
/// </summary>
public sealed record CapacityRestrictedFields(string? RestrictedPhone, string? RestrictedEmail, string? CapacityDetails, string? ContactPerson);

public sealed record CapacityPage(IReadOnlyList<CapacityHit> Hits, SearchCursor? Next);

/// <summary>Shared capacity: what the services of a region offer the residents of one member municipality.</summary>
public sealed class SharedCapacity(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Services in a region that a resident of <paramref name="forCode"/> can use: a live site in the region (or, for a
    /// service without sites, an owner in the region), and a site in forCode, accepts_other_municipalities, or a
    /// service area covering forCode. Nearest first, by the distance from forCode's representative point to the
    /// service's nearest site in the region (site-less services last), ties by service id; keyset-paged on that pair.
    /// Honours the filters, including the caller's sharing scopes. Restricted fields are read only for staff callers
    /// (the public's query never selects them); whether a staff caller may see them is the API's decision.
    /// </summary>
    public async Task<CapacityPage> ForAsync(string forCode, string regionId, SearchFilters filters,
        SearchCursor? after, int limit, CancellationToken ct)
    {
        var restricted = filters.Viewer.IsPublic
            ? "NULL::text, NULL::text, NULL::text, NULL::text"
            : "s.restricted_phone, s.restricted_email, s.capacity_details, o.contact_person";
        var sql = new StringBuilder($"""
            WITH origin AS (SELECT representative_point::geography AS p FROM municipalities WHERE code = @for_code),
                 members AS (SELECT municipality_code::text AS code FROM region_members WHERE region_id = @region)
            SELECT s.id, s.name, s.category, o.id, o.name, nearest.municipality_code, nearest.distance_m, s.capacity_note,
                   s.channels, s.anonymous_ok, s.accepts_other_municipalities, located.yes AS located_in_for,
                   coalesce({ServiceSearch.AreaCoversMunicipality("@for_code")}, false) AS area_covers_for,
                   s.sharing_scope, s.owner_municipality_code::text, s.shared_with_regions,
                   o.sharing_scope, o.owner_municipality_code::text, o.shared_with_regions, {restricted}
            FROM origin, services s
            JOIN organizations o ON o.id = s.organization_id
            LEFT JOIN service_areas sa ON sa.service_id = s.id
            LEFT JOIN LATERAL (
                SELECT site.municipality_code::text AS municipality_code, site.point <-> (SELECT p FROM origin) AS distance_m
                FROM service_at_location at JOIN locations site ON site.id = at.location_id
                WHERE at.service_id = s.id AND site.archived_at IS NULL AND site.municipality_code::text IN (SELECT code FROM members)
                ORDER BY distance_m, site.id LIMIT 1) nearest ON true
            CROSS JOIN LATERAL (
                SELECT EXISTS (SELECT 1 FROM service_at_location at JOIN locations site ON site.id = at.location_id
                               WHERE at.service_id = s.id AND site.archived_at IS NULL AND site.municipality_code = @for_code) AS yes) located
            WHERE s.archived_at IS NULL AND o.archived_at IS NULL
              AND (nearest.municipality_code IS NOT NULL
                   OR (s.owner_municipality_code::text IN (SELECT code FROM members)
                       AND NOT EXISTS (SELECT 1 FROM service_at_location at JOIN locations site ON site.id = at.location_id
                                       WHERE at.service_id = s.id AND site.archived_at IS NULL)))
              AND (located.yes OR s.accepts_other_municipalities OR coalesce({ServiceSearch.AreaCoversMunicipality("@for_code")}, false))
            """);
        var parameters = new List<NpgsqlParameter> { new("for_code", forCode), new("region", regionId) };
        ServiceSearch.AppendFilters(sql, parameters, filters);
        if (after is not null)
        {
            sql.Append(" AND (coalesce(nearest.distance_m, 'Infinity'::float8), s.id) > (@after_distance, @after_service)");
            parameters.AddRange([new("after_distance", after.Distance ?? double.PositiveInfinity), new("after_service", after.ServiceId)]);
        }
        sql.Append(" ORDER BY coalesce(nearest.distance_m, 'Infinity'::float8), s.id LIMIT @limit");
        parameters.Add(new("limit", limit + 1));
        await using var command = dataSource.CreateCommand(sql.ToString());
        command.Parameters.AddRange(parameters.ToArray());
        var hits = new List<CapacityHit>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            while (await reader.ReadAsync(ct))
            {
                hits.Add(new CapacityHit(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetGuid(3), reader.GetString(4),
                    Text(5), reader.IsDBNull(6) ? null : reader.GetDouble(6), Text(7), reader.GetFieldValue<string[]>(8),
                    reader.GetBoolean(9), reader.GetBoolean(10), reader.GetBoolean(11), reader.GetBoolean(12),
                    new RecordSharing(reader.GetString(13), reader.GetString(14), reader.GetFieldValue<string[]>(15)),
                    new RecordSharing(reader.GetString(16), reader.GetString(17), reader.GetFieldValue<string[]>(18)),
                    new CapacityRestrictedFields(Text(19), Text(20), Text(21), Text(22))));
            }
        }
        if (hits.Count <= limit) return new CapacityPage(hits, null);
        hits.RemoveAt(hits.Count - 1);
        var last = hits[^1];
        return new CapacityPage(hits, new SearchCursor(last.DistanceMetres ?? double.PositiveInfinity, last.ServiceId, null, null));
    }
}
