using System.Globalization;
using System.Text;
using NetTopologySuite.Geometries;
using Npgsql;
using ResourceMap.Domain.Directory;
using ResourceMap.Infrastructure.Sharing;

namespace ResourceMap.Infrastructure.Search;

/// <summary>
/// The spatial searches behind the map front-ends, as plain SQL on Npgsql: PostGIS does the spatial work
/// (ST_DWithin on the geography points, planar containment on (point::geometry)) and the
/// GIN indexes answer the array and text filters. Paging is keyset (never OFFSET). Distances are on the mean-Earth
/// sphere (use_spheroid = false): within 0.5 % of the ellipsoid, and what a haversine check reproduces.
/// </summary>
public sealed class ServiceSearch(NpgsqlDataSource dataSource)
{
    private const string HitColumns = SearchSql.HitColumns;

    public async Task<SearchPage> NearbyAsync(double lat, double lng, double radiusMetres, SearchFilters filters,
        SearchCursor? after, int limit, CancellationToken ct)
    {
        var hits = await ReadHitsAsync(new NearbyQuery(lat, lng, radiusMetres, filters, after, limit).Render(), hasDistance: true, ct);
        return Page(hits, limit, last => new SearchCursor(last.DistanceMetres, last.ServiceId, last.LocationId, null), null);
    }

    /// <summary>
    /// A map viewport: the sites inside the rectangle, nearest to its centre first (so the first page is what the user
    /// looks at), with the total counted up to <see cref="TotalCap"/>.
    /// </summary>
    public async Task<SearchPage> MapViewAsync(Envelope box, SearchFilters filters, SearchCursor? after, int limit, bool withTotal,
        CancellationToken ct)
    {
        var hits = await ReadHitsAsync(new MapViewQuery(box, filters, after, limit).Render(), hasDistance: true, ct);
        long? total = null;
        if (withTotal)
        {
            var count = new MapCountQuery(box, filters).Render();
            await using var command = dataSource.CreateCommand(count.Sql);
            command.Parameters.AddRange(count.Parameters.ToArray());
            total = (long)(await command.ExecuteScalarAsync(ct))!;
        }
        return Page(hits, limit, last => new SearchCursor(last.DistanceMetres, last.ServiceId, last.LocationId, null), total);
    }

    /// <summary>Totals are counted up to this many; a client shows "1,000+" and zooms in or switches to tiles.</summary>
    public const int TotalCap = 1_000;

    /// <summary>
    /// How many nearest sites the coverage fast path considers, in turn, before falling back to the exhaustive query: a
    /// small window keeps sparse areas cheap, a larger one serves filtered searches in dense areas.
    /// </summary>
    public static readonly int[] CandidateWindows = [256, 2_048];

    public async Task<SearchPage> WithinAsync(SearchArea area, SearchFilters filters, SearchCursor? after, int limit,
        bool withTotal, CancellationToken ct)
    {
        var rendered = new WithinQuery(area, filters, after, limit, withTotal).Render();
        long? total = withTotal ? 0 : null;
        var hits = await ReadHitsAsync(rendered, hasDistance: false, ct, totalRead: withTotal ? t => total = t : null);
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
        for (var rank = after?.LevelRank ?? 0; rank < Levels.Count && hits.Count <= limit; rank++)
        {
            var levelAfter = after is not null && after.LevelRank == rank ? after : null;
            hits.AddRange(await CoverageAtLevelAsync(lat, lng, municipalityCode, Levels[rank], filters, levelAfter, limit + 1 - hits.Count, ct));
        }
        return Page(hits, limit, last => new SearchCursor(last.DistanceMetres ?? double.PositiveInfinity, last.ServiceId, null,
            RankOf(last.ServiceAreaLevel)), null);
    }

    private static readonly IReadOnlyList<string> Levels = ServiceAreaLevels.All;

    private async Task<List<SearchHit>> CoverageAtLevelAsync(double? lat, double? lng, string? municipalityCode, string level,
        SearchFilters filters, SearchCursor? after, int take, CancellationToken ct)
    {
        var query = new CoverageLevelQuery(lat, lng, municipalityCode, level, filters, after, take);
        // Few covering services (a district level, a small town): ranking them all is cheapest. Many (a city's
        // municipal level, a prefecture): walk the nearest sites instead of computing a distance for each.
        var count = query.RenderCount();
        await using var command = dataSource.CreateCommand(count.Sql);
        command.Parameters.AddRange(count.Parameters.ToArray());
        if ((long)(await command.ExecuteScalarAsync(ct))! > ExhaustiveCoverageLimit)
        {
            var nearestFirst = await CoverageNearestFirstAsync(query, ct);
            if (nearestFirst is not null) return nearestFirst;
        }
        return await ReadHitsAsync(query.Render(), hasDistance: true, ct);
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

    /// <summary>
    /// Fast path for one coverage level: walk the sites nearest to the place (KNN) and keep each covering service at
    /// its first, therefore nearest, site. When a window yields fewer services than needed, a service whose sites all
    /// lie farther out (or that has none) could belong on the page, so null sends the caller to the exhaustive query.
    /// </summary>
    private async Task<List<SearchHit>?> CoverageNearestFirstAsync(CoverageLevelQuery query, CancellationToken ct)
    {
        var (after, take) = (query.After, query.Take);
        foreach (var window in CandidateWindows)
        {
            var rows = await ReadHitsAsync(query.RenderWindow(window), hasDistance: true, ct);

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

    /// <summary>The filters and the sharing rule on services (alias s) and their organisations (alias o).</summary>
    internal static void AppendFilters(StringBuilder sql, List<NpgsqlParameter> parameters, SearchFilters filters) =>
        SearchSql.AppendFilters(sql, parameters, filters, "s", SharingRule.ServiceSql(filters.Viewer, "s", "o"));

    private Task<List<SearchHit>> ReadHitsAsync(string sql, List<NpgsqlParameter> parameters, bool hasDistance, CancellationToken ct) =>
        ReadHitsAsync(new RenderedSql(sql, parameters), hasDistance, ct);

    private async Task<List<SearchHit>> ReadHitsAsync(RenderedSql rendered, bool hasDistance, CancellationToken ct,
        Action<long>? totalRead = null)
    {
        await using var command = dataSource.CreateCommand(rendered.Sql);
        command.Parameters.AddRange(rendered.Parameters.ToArray());
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
            if (totalRead is not null) totalRead(reader.GetInt64(18));
        }
        return hits;
    }

    private static SearchPage Page(List<SearchHit> hits, int limit, Func<SearchHit, SearchCursor> cursorOf, long? total)
    {
        if (hits.Count <= limit) return new SearchPage(hits, null, total);
        hits.RemoveAt(hits.Count - 1);
        return new SearchPage(hits, cursorOf(hits[^1]), total);
    }

    private static int RankOf(string level) => Math.Min(Levels.TakeWhile(l => l != level).Count(), Levels.Count - 1);
}
