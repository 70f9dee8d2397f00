using System.Globalization;
using System.Text;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace ResourceMap.Infrastructure.Search;

/// <summary>
/// The spatial searches behind the map front-ends, as plain SQL on Npgsql: PostGIS does the spatial work
/// (ST_DWithin on the geography points, planar containment on (point::geometry)) and the
/// GIN indexes answer the array and text filters. Paging is keyset (never OFFSET). Distances are on the mean-Earth
/// sphere (use_spheroid = false): within 0.5 % of the ellipsoid, and what a haversine check reproduces.
/// </summary>
public sealed class ServiceSearch(NpgsqlDataSource dataSource)
{
    private const string HitColumns = """
        s.id, s.name, s.category, s.anonymous_ok, s.accepts_other_municipalities, s.target_groups, s.problem_keywords,
        s.channels, o.id, o.name, l.id, l.address, l.municipality_code::text, ST_Y(l.point::geometry), ST_X(l.point::geometry),
        sa.level, s.last_verified_at
        """;

    private const string LocatedFrom = """
        FROM locations l
        JOIN service_at_location sal ON sal.location_id = l.id
        JOIN services s ON s.id = sal.service_id
        JOIN organizations o ON o.id = s.organization_id
        JOIN service_areas sa ON sa.service_id = s.id
        WHERE l.archived_at IS NULL AND s.archived_at IS NULL
        """;

    public async Task<SearchPage> NearbyAsync(double lat, double lng, double radiusMetres, SearchFilters filters,
        SearchCursor? after, int limit, CancellationToken ct)
    {
        const string anchor = "ST_SetSRID(ST_MakePoint(@lng, @lat), 4326)::geography";
        List<NpgsqlParameter> Parameters() => [new("lat", lat), new("lng", lng), new("radius", radiusMetres)];
        var hits = await NearestFirstAsync(anchor, "l.d <= @radius", Parameters, radiusMetres, filters, after, limit, ct)
            ?? await NearestFirstExhaustiveAsync(anchor, $"ST_DWithin(l.point, {anchor}, @radius, false)", Parameters(), filters, after, limit, ct);
        return Page(hits, limit, last => new SearchCursor(last.DistanceMetres, last.ServiceId, last.LocationId, null), null);
    }

    /// <summary>
    /// A map viewport: the sites inside the rectangle, nearest to its centre first (so the first page is what the user
    /// looks at), with the total counted up to <see cref="TotalCap"/>.
    /// </summary>
    public async Task<SearchPage> MapViewAsync(Envelope box, SearchFilters filters, SearchCursor? after, int limit, bool withTotal,
        CancellationToken ct)
    {
        const string anchor = "ST_SetSRID(ST_MakePoint(@centre_lng, @centre_lat), 4326)::geography";
        const string inBox = "l.point::geometry && ST_MakeEnvelope(@min_lng, @min_lat, @max_lng, @max_lat, 4326)";
        List<NpgsqlParameter> Parameters() =>
        [
            new("centre_lat", box.Centre.Y), new("centre_lng", box.Centre.X),
            new("min_lng", box.MinX), new("min_lat", box.MinY), new("max_lng", box.MaxX), new("max_lat", box.MaxY),
        ];
        // Every point of a small lng/lat rectangle is within its farthest corner's distance of the centre.
        var reach = new[] { (box.MinY, box.MinX), (box.MinY, box.MaxX), (box.MaxY, box.MinX), (box.MaxY, box.MaxX) }
            .Max(corner => SphereDistance(box.Centre.Y, box.Centre.X, corner.Item1, corner.Item2)) + 1;
        var hits = await NearestFirstAsync(anchor, inBox, Parameters, reach, filters, after, limit, ct)
            ?? await NearestFirstExhaustiveAsync(anchor, inBox, Parameters(), filters, after, limit, ct);
        long? total = withTotal ? await CountAsync(inBox, Parameters(), filters, ct) : null;
        return Page(hits, limit, last => new SearchCursor(last.DistanceMetres, last.ServiceId, last.LocationId, null), total);
    }

    /// <summary>Totals are counted up to this many; a client shows "1,000+" and zooms in or switches to tiles.</summary>
    public const int TotalCap = 1_000;

    /// <summary>
    /// How many nearest sites the fast path considers, in turn, before falling back to the exhaustive query: a small
    /// window keeps sparse areas cheap, a larger one serves filtered searches in dense areas.
    /// </summary>
    public static readonly int[] CandidateWindows = [256, 2_048];

    /// <summary>
    /// Fast path for nearest-first searches: walk the sites in distance order through the GiST index (KNN), join and
    /// filter them as they come, and stop at the page size. Returns null when the largest of the <see cref="CandidateWindows"/>
    /// did not reach <paramref name="reach"/> metres without filling the page, so the exhaustive query must answer.
    /// </summary>
    private async Task<List<SearchHit>?> NearestFirstAsync(string anchor, string siteCondition, Func<List<NpgsqlParameter>> anchorParameters,
        double reach, SearchFilters filters, SearchCursor? after, int limit, CancellationToken ct)
    {
        foreach (var window in CandidateWindows)
        {
            var parameters = anchorParameters();
            var sql = new StringBuilder($"""
                SELECT {HitColumns}, l.d AS distance_m
                FROM (SELECT site.id, site.point, site.address, site.municipality_code, site.point <-> {anchor} AS d
                      FROM locations site WHERE site.archived_at IS NULL
                      ORDER BY site.point <-> {anchor} LIMIT {window}) l
                JOIN service_at_location sal ON sal.location_id = l.id
                JOIN services s ON s.id = sal.service_id AND s.archived_at IS NULL
                JOIN organizations o ON o.id = s.organization_id
                JOIN service_areas sa ON sa.service_id = s.id
                WHERE {siteCondition}
                """);
            AppendFilters(sql, parameters, filters);
            AppendDistanceCursor(sql, parameters, "l.d", after);
            sql.Append(" ORDER BY l.d, s.id, l.id LIMIT @limit");
            parameters.Add(new("limit", limit + 1));
            var hits = await ReadHitsAsync(sql.ToString(), parameters, hasDistance: true, ct);
            if (hits.Count > limit) return hits;

            // The page is short: it is complete only if the window already reached past the area.
            await using var check = dataSource.CreateCommand($"""
                SELECT site.point <-> {anchor} FROM locations site WHERE site.archived_at IS NULL
                ORDER BY site.point <-> {anchor} OFFSET {window - 1} LIMIT 1
                """);
            check.Parameters.AddRange(anchorParameters().Where(p => anchor.Contains('@' + p.ParameterName)).ToArray());
            var windowEdge = await check.ExecuteScalarAsync(ct);
            if (windowEdge is null || (double)windowEdge > reach) return hits;
        }
        return null;
    }

    /// <summary>The same search without the window: every site in the area, sorted. Slower, always complete.</summary>
    private async Task<List<SearchHit>> NearestFirstExhaustiveAsync(string anchor, string siteCondition, List<NpgsqlParameter> parameters,
        SearchFilters filters, SearchCursor? after, int limit, CancellationToken ct)
    {
        var sql = new StringBuilder($"SELECT {HitColumns}, l.point <-> {anchor} AS distance_m {LocatedFrom} AND {siteCondition}");
        AppendFilters(sql, parameters, filters);
        AppendDistanceCursor(sql, parameters, $"l.point <-> {anchor}", after);
        sql.Append(" ORDER BY distance_m, s.id, l.id LIMIT @limit");
        parameters.Add(new("limit", limit + 1));
        return await ReadHitsAsync(sql.ToString(), parameters, hasDistance: true, ct);
    }

    private static void AppendDistanceCursor(StringBuilder sql, List<NpgsqlParameter> parameters, string distance, SearchCursor? after)
    {
        if (after is null) return;
        sql.Append(CultureInfo.InvariantCulture, $" AND ({distance}, s.id, l.id) > (@after_distance, @after_service, @after_location)");
        parameters.AddRange([new("after_distance", after.Distance ?? 0), new("after_service", after.ServiceId),
            new("after_location", after.LocationId ?? Guid.Empty)]);
    }

    private async Task<long> CountAsync(string siteCondition, List<NpgsqlParameter> parameters, SearchFilters filters, CancellationToken ct)
    {
        var sql = new StringBuilder($"""
            SELECT count(*) FROM (
                SELECT 1 FROM locations l
                JOIN service_at_location sal ON sal.location_id = l.id
                JOIN services s ON s.id = sal.service_id
                WHERE l.archived_at IS NULL AND s.archived_at IS NULL AND {siteCondition}
            """);
        AppendFilters(sql, parameters, filters);
        sql.Append(CultureInfo.InvariantCulture, $" LIMIT {TotalCap}) counted");
        await using var command = dataSource.CreateCommand(sql.ToString());
        command.Parameters.AddRange(parameters.ToArray());
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Great-circle metres on PostGIS's mean-Earth sphere, the measure of geography &lt;-&gt;.</summary>
    private static double SphereDistance(double lat1, double lng1, double lat2, double lng2)
    {
        const double radius = 6_371_008.771415;
        double Radians(double degrees) => degrees * Math.PI / 180;
        var a = Math.Pow(Math.Sin(Radians(lat2 - lat1) / 2), 2)
                + Math.Cos(Radians(lat1)) * Math.Cos(Radians(lat2)) * Math.Pow(Math.Sin(Radians(lng2 - lng1) / 2), 2);
        return 2 * radius * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    public async Task<SearchPage> WithinAsync(SearchArea area, SearchFilters filters, SearchCursor? after, int limit,
        bool withTotal, CancellationToken ct)
    {
        var condition = new StringBuilder();
        var parameters = new List<NpgsqlParameter>();
        AppendArea(condition, parameters, area);
        AppendFilters(condition, parameters, filters);

        long? total = null;
        if (withTotal)
        {
            await using var count = dataSource.CreateCommand($"SELECT count(*) {LocatedFrom} {condition}");
            count.Parameters.AddRange(parameters.Select(p => p.Clone()).ToArray());
            total = (long)(await count.ExecuteScalarAsync(ct))!;
        }

        var sql = new StringBuilder($"SELECT {HitColumns}, NULL::float8 AS distance_m {LocatedFrom} {condition}");
        if (after is not null)
        {
            sql.Append(" AND (s.id, l.id) > (@after_service, @after_location)");
            parameters.AddRange([new("after_service", after.ServiceId), new("after_location", after.LocationId ?? Guid.Empty)]);
        }
        sql.Append(" ORDER BY s.id, l.id LIMIT @limit");
        parameters.Add(new("limit", limit + 1));
        var hits = await ReadHitsAsync(sql.ToString(), parameters, hasDistance: false, ct);
        return Page(hits, limit, last => new SearchCursor(null, last.ServiceId, last.LocationId, null), total);
    }

    /// <summary>
    /// Services whose service area covers the place: national ones everywhere, prefecture to municipality ones through
    /// the covered municipality codes, drawn districts by point-in-polygon. Each service once, at its nearest site.
    /// </summary>
    public async Task<SearchPage> CoverageAsync(double? lat, double? lng, string? municipalityCode, SearchFilters filters,
        SearchCursor? after, int limit, CancellationToken ct)
    {
        // One level at a time, most local first: the page is usually full before the wide levels (a prefecture holds
        // thousands of prefecture-wide services) need their distances computed at all.
        var hits = new List<SearchHit>();
        for (var rank = after?.LevelRank ?? 0; rank < Levels.Length && hits.Count <= limit; rank++)
        {
            var levelAfter = after is not null && after.LevelRank == rank ? after : null;
            hits.AddRange(await CoverageAtLevelAsync(lat, lng, municipalityCode, Levels[rank], filters, levelAfter, limit + 1 - hits.Count, ct));
        }
        return Page(hits, limit, last => new SearchCursor(last.DistanceMetres ?? double.PositiveInfinity, last.ServiceId, null,
            RankOf(last.ServiceAreaLevel)), null);
    }

    private static readonly string[] Levels =
        ["part_of_municipality", "municipality", "multiple_municipalities", "region", "prefecture", "national"];

    private async Task<List<SearchHit>> CoverageAtLevelAsync(double? lat, double? lng, string? municipalityCode, string level,
        SearchFilters filters, SearchCursor? after, int take, CancellationToken ct)
    {
        var parameters = new List<NpgsqlParameter>();
        string place;
        if (municipalityCode is not null)
        {
            place = "SELECT ARRAY[code::text] AS codes, representative_point AS origin FROM municipalities WHERE code = @code";
            parameters.Add(new("code", municipalityCode));
        }
        else
        {
            place = """
                SELECT coalesce((SELECT array_agg(code::text) FROM municipalities
                                 WHERE ST_Intersects(boundary, ST_SetSRID(ST_MakePoint(@lng, @lat), 4326))), ARRAY[]::text[]) AS codes,
                       ST_SetSRID(ST_MakePoint(@lng, @lat), 4326) AS origin
                """;
            parameters.AddRange([new("lat", lat!.Value), new("lng", lng!.Value)]);
        }
        // The level is one of the fixed names above, written into the SQL so the planner can use the partial index.
        var covers = level switch
        {
            "national" => "sa.level = 'national'",
            "prefecture" => "sa.level = 'prefecture' AND sa.prefecture_code = ANY (ARRAY(SELECT left(c, 2) FROM unnest(place.codes) AS c))",
            _ when municipalityCode is not null => $"sa.level = '{level}' AND sa.covered_municipality_codes && place.codes",
            // A drawn district lists its municipality among the covered codes: the codes narrow, the polygon decides.
            // (coalesce, not "geometry IS NULL OR …": PostgreSQL would answer IS NULL by scanning the whole GiST index.)
            _ => $"""
                sa.level = '{level}' AND sa.covered_municipality_codes && place.codes
                AND coalesce(ST_Intersects(sa.geometry, place.origin), true)
                """,
        };
        // Few covering services (a district level, a small town): ranking them all is cheapest. Many (a city's
        // municipal level, a prefecture): walk the nearest sites instead of computing a distance for each.
        if (await CountCoveringAsync(place, covers, lat, lng, municipalityCode, ct) > ExhaustiveCoverageLimit)
        {
            var nearestFirst = await CoverageNearestFirstAsync(place, covers, lat, lng, municipalityCode, filters, after, take, ct);
            if (nearestFirst is not null) return nearestFirst;
        }

        var sql = new StringBuilder($"""
            WITH place AS ({place})
            SELECT {HitColumns}, nearest.distance_m
            FROM place
            JOIN service_areas sa ON {covers}
            JOIN services s ON s.id = sa.service_id AND s.archived_at IS NULL
            JOIN organizations o ON o.id = s.organization_id
            LEFT JOIN LATERAL (
                SELECT site.*, site.point <-> place.origin::geography AS distance_m
                FROM service_at_location at JOIN locations site ON site.id = at.location_id
                WHERE at.service_id = s.id AND site.archived_at IS NULL
                ORDER BY distance_m, site.id LIMIT 1) nearest ON true
            LEFT JOIN locations l ON l.id = nearest.id
            WHERE true
            """);
        AppendFilters(sql, parameters, filters);
        if (after is not null)
        {
            sql.Append(" AND (coalesce(nearest.distance_m, 'Infinity'::float8), s.id) > (@after_distance, @after_service)");
            parameters.AddRange([new("after_distance", after.Distance ?? double.PositiveInfinity), new("after_service", after.ServiceId)]);
        }
        sql.Append(" ORDER BY coalesce(nearest.distance_m, 'Infinity'::float8), s.id LIMIT @limit");
        parameters.Add(new("limit", take));
        return await ReadHitsAsync(sql.ToString(), parameters, hasDistance: true, ct);
    }

    /// <summary>
    /// SQL condition: the service area (alias sa) covers the municipality whose 5-digit code is the text expression
    /// <paramref name="code"/> — nationwide, its prefecture, or its code among the derived covered codes (a district,
    /// the municipality itself, several municipalities or a region). Shared by shared capacity and the coverage gaps.
    /// </summary>
    internal static string AreaCoversMunicipality(string code) =>
        $"(sa.level = 'national' OR (sa.level = 'prefecture' AND sa.prefecture_code = left({code}, 2)) OR sa.covered_municipality_codes @> ARRAY[{code}::text])";

    /// <summary>Up to this many covering services of a level are ranked exhaustively.</summary>
    public const int ExhaustiveCoverageLimit = 500;

    private async Task<long> CountCoveringAsync(string place, string covers, double? lat, double? lng, string? municipalityCode,
        CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"WITH place AS ({place}) SELECT count(*) FROM (SELECT 1 FROM place JOIN service_areas sa ON {covers} LIMIT {ExhaustiveCoverageLimit + 1}) covering");
        if (municipalityCode is not null) command.Parameters.Add(new NpgsqlParameter("code", municipalityCode));
        else command.Parameters.AddRange(new[] { new NpgsqlParameter("lat", lat!.Value), new NpgsqlParameter("lng", lng!.Value) });
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// Fast path for one coverage level: walk the sites nearest to the place (KNN) and keep each covering service at
    /// its first, therefore nearest, site. When a window yields fewer services than needed, a service whose sites all
    /// lie farther out (or that has none) could belong on the page, so null sends the caller to the exhaustive query.
    /// </summary>
    private async Task<List<SearchHit>?> CoverageNearestFirstAsync(string place, string covers, double? lat, double? lng,
        string? municipalityCode, SearchFilters filters, SearchCursor? after, int take, CancellationToken ct)
    {
        foreach (var window in CandidateWindows)
        {
            var parameters = new List<NpgsqlParameter>();
            if (municipalityCode is not null) parameters.Add(new("code", municipalityCode));
            else parameters.AddRange([new("lat", lat!.Value), new("lng", lng!.Value)]);
            var sql = new StringBuilder($"""
                WITH place AS ({place}),
                -- Materialised so the KNN walk runs once: as a lateral join, a low row estimate for the joins after it
                -- let the planner re-run the walk for every covering service (seconds instead of milliseconds).
                l AS MATERIALIZED (
                    SELECT site.id, site.point, site.address, site.municipality_code, site.point <-> place.origin::geography AS d
                    FROM place CROSS JOIN LATERAL (
                        SELECT site.id, site.point, site.address, site.municipality_code FROM locations site
                        WHERE site.archived_at IS NULL
                        ORDER BY site.point <-> place.origin::geography LIMIT {window}) site)
                SELECT {HitColumns}, l.d
                FROM place CROSS JOIN l
                JOIN service_at_location sal ON sal.location_id = l.id
                JOIN services s ON s.id = sal.service_id AND s.archived_at IS NULL
                JOIN service_areas sa ON sa.service_id = s.id AND {covers}
                JOIN organizations o ON o.id = s.organization_id
                WHERE true
                """);
            AppendFilters(sql, parameters, filters);
            sql.Append(" ORDER BY l.d, s.id, l.id");
            var rows = await ReadHitsAsync(sql.ToString(), parameters, hasDistance: true, ct);

            var seen = new HashSet<Guid>();
            var hits = new List<SearchHit>();
            foreach (var row in rows)
            {
                if (!seen.Add(row.ServiceId)) continue; // a farther site of a service already placed
                if (after is not null && !IsAfter(row, after)) continue;
                hits.Add(row);
                if (hits.Count == take) return hits;
            }
        }
        return null;
    }

    /// <summary>Whether a hit sorts after the cursor by (distance, service id), as PostgreSQL compares uuids.</summary>
    private static bool IsAfter(SearchHit hit, SearchCursor cursor)
    {
        var distance = hit.DistanceMetres ?? double.PositiveInfinity;
        var cursorDistance = cursor.Distance ?? double.PositiveInfinity;
        if (distance != cursorDistance) return distance > cursorDistance;
        return string.CompareOrdinal(hit.ServiceId.ToString(), cursor.ServiceId.ToString()) > 0;
    }

    private static void AppendArea(StringBuilder sql, List<NpgsqlParameter> parameters, SearchArea area)
    {
        if (area.MunicipalityCode is not null)
        {
            sql.Append(" AND ST_Intersects(l.point::geometry, (SELECT boundary FROM municipalities WHERE code = @area_code))");
            parameters.Add(new("area_code", area.MunicipalityCode));
        }
        else if (area.RegionId is not null)
        {
            sql.Append(" AND ST_Intersects(l.point::geometry, (SELECT geometry FROM regions WHERE id = @area_region))");
            parameters.Add(new("area_region", area.RegionId));
        }
        else if (area.Polygon is not null)
        {
            sql.Append(" AND ST_Intersects(l.point::geometry, @area_polygon)");
            parameters.Add(new NpgsqlParameter("area_polygon", NpgsqlDbType.Geometry) { Value = area.Polygon });
        }
        else throw new ArgumentException("A search area needs a bounding box, municipality, region or polygon.", nameof(area));
    }

    private static readonly string[] DayCodes = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
    private static readonly TimeZoneInfo Japan = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    /// <summary>
    /// The sharing-scope condition on the service (alias s) and its organisation. The organisation is checked by a
    /// scalar subquery, a primary-key probe per row: written as EXISTS, PostgreSQL turned it into a semi-join that
    /// hashed every public organisation and broke the nearest-first plans (map view fell from 105 to 3 req/s).
    /// </summary>
    internal static void AppendVisibility(StringBuilder sql, List<NpgsqlParameter> parameters, SearchViewer viewer)
    {
        if (viewer.SeesEverything) return;
        if (viewer.Home is null)
        {
            sql.Append(" AND s.sharing_scope = 'public' AND (SELECT vo.sharing_scope FROM organizations vo WHERE vo.id = s.organization_id) = 'public'");
            return;
        }
        sql.Append(" AND (s.sharing_scope = 'public' OR s.owner_municipality_code = @viewer_home"
            + " OR (s.sharing_scope = 'partners' AND s.shared_with_regions && @viewer_regions))"
            + " AND (SELECT vo.sharing_scope = 'public' OR vo.owner_municipality_code = @viewer_home"
            + " OR (vo.sharing_scope = 'partners' AND vo.shared_with_regions && @viewer_regions)"
            + " FROM organizations vo WHERE vo.id = s.organization_id)");
        parameters.Add(new("viewer_home", viewer.Home));
        parameters.Add(new("viewer_regions", viewer.HomeRegions.ToArray()));
    }

    /// <summary>The search filters as SQL conditions on the service (alias s), the sharing scopes included.</summary>
    internal static void AppendFilters(StringBuilder sql, List<NpgsqlParameter> parameters, SearchFilters filters)
    {
        AppendVisibility(sql, parameters, filters.Viewer);
        if (filters.Category is not null) { sql.Append(" AND s.category = @category"); parameters.Add(new("category", filters.Category)); }
        if (filters.TargetGroup is not null) { sql.Append(" AND s.target_groups @> ARRAY[@target_group]"); parameters.Add(new("target_group", filters.TargetGroup)); }
        if (filters.Keyword is not null) { sql.Append(" AND s.problem_keywords @> ARRAY[@keyword]"); parameters.Add(new("keyword", filters.Keyword)); }
        if (filters.Channel is not null) { sql.Append(" AND s.channels @> ARRAY[@channel]"); parameters.Add(new("channel", filters.Channel)); }
        if (filters.AnonymousOk is not null) { sql.Append(" AND s.anonymous_ok = @anonymous_ok"); parameters.Add(new("anonymous_ok", filters.AnonymousOk.Value)); }
        if (filters.AcceptsOtherMunicipalities is not null)
        {
            sql.Append(" AND s.accepts_other_municipalities = @accepts_other");
            parameters.Add(new("accepts_other", filters.AcceptsOtherMunicipalities.Value));
        }
        if (filters.TextKey is not null)
        {
            // The bigram index finds candidates (2-character queries included); LIKE keeps the match exact.
            sql.Append(" AND resourcemap_bigrams(s.search_text) @> resourcemap_bigrams(@q) AND s.search_text LIKE @q_like");
            parameters.Add(new("q", filters.TextKey));
            parameters.Add(new("q_like", "%" + filters.TextKey.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%"));
        }
        if (filters.OpenAt is { } openAt)
        {
            var local = TimeZoneInfo.ConvertTime(openAt, Japan);
            var day = DayCodes[(int)local.DayOfWeek];
            var previousDay = DayCodes[((int)local.DayOfWeek + 6) % 7];
            // Open when a period of that day has begun and not ended, or last night's period runs past midnight.
            sql.Append("""
                 AND EXISTS (SELECT 1 FROM jsonb_to_recordset(s.hours) AS h(day text, opens time, closes time)
                             WHERE (h.day = @open_day AND h.opens <= @open_time AND (h.closes > @open_time OR h.closes <= h.opens))
                                OR (h.day = @open_previous_day AND h.closes <= h.opens AND @open_time < h.closes))
                """);
            parameters.Add(new("open_day", day));
            parameters.Add(new("open_previous_day", previousDay));
            parameters.Add(new NpgsqlParameter("open_time", NpgsqlDbType.Time) { Value = TimeOnly.FromDateTime(local.DateTime) });
        }
    }

    private async Task<List<SearchHit>> ReadHitsAsync(string sql, List<NpgsqlParameter> parameters, bool hasDistance, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters.ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        var hits = new List<SearchHit>();
        while (await reader.ReadAsync(ct))
        {
            hits.Add(new SearchHit(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetBoolean(3), reader.GetBoolean(4),
                reader.GetFieldValue<string[]>(5), reader.GetFieldValue<string[]>(6), reader.GetFieldValue<string[]>(7),
                reader.GetGuid(8), reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetGuid(10), reader.IsDBNull(11) ? null : reader.GetString(11),
                reader.IsDBNull(12) ? null : reader.GetString(12), reader.IsDBNull(13) ? null : reader.GetDouble(13),
                reader.IsDBNull(14) ? null : reader.GetDouble(14), reader.GetString(15),
                hasDistance && !reader.IsDBNull(17) ? reader.GetDouble(17) : null,
                reader.GetFieldValue<DateTimeOffset>(16)));
        }
        return hits;
    }

    private static SearchPage Page(List<SearchHit> hits, int limit, Func<SearchHit, SearchCursor> cursorOf, long? total)
    {
        if (hits.Count <= limit) return new SearchPage(hits, null, total);
        hits.RemoveAt(hits.Count - 1);
        return new SearchPage(hits, cursorOf(hits[^1]), total);
    }

    private static int RankOf(string level) => level switch
    {
        "part_of_municipality" => 0,
        "municipality" => 1,
        "multiple_municipalities" => 2,
        "region" => 3,
        "prefecture" => 4,
        _ => 5,
    };
}
