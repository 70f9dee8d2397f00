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
        long? total = withTotal ? 0 : null;
        var hits = await ReadHitsAsync(new MapViewQuery(box, filters, after, limit, withTotal).Render(), hasDistance: true, ct,
            totalRead: withTotal ? t => total = t : null);
        return Page(hits, limit, last => new SearchCursor(last.DistanceMetres, last.ServiceId, last.LocationId, null), total);
    }

    /// <summary>Totals are counted up to this many; a client shows "1,000+" and zooms in or switches to tiles.</summary>
    public const int TotalCap = 1_000;

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
    /// the covered municipality codes, drawn districts by point-in-polygon. Each service once, at its nearest site; local
    /// levels first (see <see cref="CoverageQuery"/>).
    /// </summary>
    public async Task<SearchPage> CoverageAsync(double? lat, double? lng, string? municipalityCode, SearchFilters filters,
        SearchCursor? after, int limit, CancellationToken ct)
    {
        var hits = await ReadHitsAsync(new CoverageQuery(lat, lng, municipalityCode, filters, after, limit).Render(), hasDistance: true, ct);
        return Page(hits, limit, last => new SearchCursor(last.DistanceMetres ?? double.PositiveInfinity, last.ServiceId, null,
            RankOf(last.ServiceAreaLevel)), null);
    }

    private static readonly IReadOnlyList<string> Levels = ServiceAreaLevels.All;

    /// <summary>Whether a region has this id (checked where the search will run, without an EF context per request).</summary>
    public Task<bool> RegionExistsAsync(string id, CancellationToken ct) =>
        ExistsAsync("SELECT EXISTS (SELECT 1 FROM regions WHERE id = @id)", id, ct);

    /// <summary>Whether a municipality has this 5-digit code.</summary>
    public Task<bool> MunicipalityExistsAsync(string code, CancellationToken ct) =>
        ExistsAsync("SELECT EXISTS (SELECT 1 FROM municipalities WHERE code = @id)", code, ct);

    private async Task<bool> ExistsAsync(string sql, string id, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter("id", id));
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// SQL condition: the service area (alias sa) covers the municipality whose 5-digit code is the text expression
    /// <paramref name="code"/> — nationwide, its prefecture, or its code among the derived covered codes (a district,
    /// the municipality itself, several municipalities or a region). Shared by shared capacity and the coverage gaps.
    /// </summary>
    internal static string AreaCoversMunicipality(string code) =>
        $"(sa.level = 'national' OR (sa.level = 'prefecture' AND sa.prefecture_code = left({code}, 2)) OR sa.covered_municipality_codes @> ARRAY[{code}::text])";

    /// <summary>The filters and the sharing rule on services (alias s) and their organisations (alias o).</summary>
    internal static void AppendFilters(StringBuilder sql, List<NpgsqlParameter> parameters, SearchFilters filters) =>
        SearchSql.AppendFilters(sql, parameters, filters, "s", SharingRule.ServiceSql(filters.Viewer, "s", "o"));

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
