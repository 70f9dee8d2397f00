using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using ResourceMap.Infrastructure.Sharing;

namespace ResourceMap.Infrastructure.Search;

/// <summary>SQL text and its parameters, as a query object renders it (and as the benchmark's SQL files are made from).</summary>
public sealed record RenderedSql(string Sql, IReadOnlyList<NpgsqlParameter> Parameters);

/// <summary>A search that renders its SQL from one place: the API sends it, the benchmark files are generated from it.</summary>
public interface ISearchQuery
{
    RenderedSql Render();
}

/// <summary>
/// The fragments every search renders from: the hit columns, the filters (the same names on the read model
/// service_search_rows and on services) and the sphere distance.
/// </summary>
public static class SearchSql
{
    /// <summary>PostGIS's mean-Earth radius, the sphere of geography &lt;-&gt; and use_spheroid = false.</summary>
    public const double EarthRadius = 6_371_008.771415;

    /// <summary>The columns of a hit, as the read model service_search_rows (alias r) carries them.</summary>
    public const string HitColumns = """
        r.service_id, r.name, r.category, r.anonymous_ok, r.accepts_other_municipalities, r.target_groups, r.problem_keywords,
        r.channels, r.organization_id, r.organization_name, r.location_id, r.address, r.municipality_code, ST_Y(r.geom), ST_X(r.geom),
        r.service_area_level, r.last_verified_at
        """;

    /// <summary>
    /// The hits of a page of (service_id, location_id, d) rows, in the page's order: one primary-key lookup a hit into
    /// the read model, which carries every column shown. A service without a service area is no hit (it has no level).
    /// </summary>
    public static string HitsOf(string page, string extraColumns = "") => $"""
        SELECT {HitColumns}, p.d AS distance_m{extraColumns}
        FROM {page} p
        JOIN service_search_rows r ON r.service_id = p.service_id AND r.location_id = p.location_id
        WHERE r.service_area_level IS NOT NULL
        """;

    /// <summary>
    /// The same columns from the tables themselves, for a page where a row may have no site (location_id null: a
    /// site-less service, which has no row in the read model).
    /// </summary>
    public static string HitsWithOptionalSiteOf(string page) => $"""
        SELECT s.id, s.name, s.category, s.anonymous_ok, s.accepts_other_municipalities, s.target_groups, s.problem_keywords,
               s.channels, o.id, o.name, l.id, l.address, l.municipality_code::text, ST_Y(l.point::geometry), ST_X(l.point::geometry),
               sa.level, s.last_verified_at, p.d AS distance_m
        FROM {page} p
        JOIN services s ON s.id = p.service_id
        JOIN organizations o ON o.id = s.organization_id
        LEFT JOIN locations l ON l.id = p.location_id
        JOIN service_areas sa ON sa.service_id = s.id
        """;

    public const string AnchorGeometry = "ST_SetSRID(ST_MakePoint(@lng, @lat), 4326)";
    public const string AnchorGeography = "ST_SetSRID(ST_MakePoint(@lng, @lat), 4326)::geography";

    /// <summary>The exact distance of a read-model row (alias r) from the anchor: geography &lt;-&gt;, the sphere.</summary>
    public const string RowDistance = "(r.geom::geography <-> " + AnchorGeography + ")";

    /// <summary>The exact sphere distance of the read-model row <paramref name="row"/> from the geometry point <paramref name="origin"/>.</summary>
    public static string DistanceFrom(string row, string origin) => $"({row}.geom::geography <-> {origin}::geography)";

    /// <summary>
    /// A lng/lat box around the anchor holding every point within <paramref name="metres"/> on the sphere: the latitude
    /// span of that distance, the longitude span at the box's poleward edge, and 1 % to spare.
    /// </summary>
    public static string SphereBox(string metres, string anchor = AnchorGeometry, string latitude = "@lat")
    {
        var latitudeSpan = $"(degrees(({metres}) / {EarthRadius.ToString(System.Globalization.CultureInfo.InvariantCulture)}) * 1.01 + 1e-9)";
        return $"ST_Expand({anchor}, {latitudeSpan} / cos(radians(least(89.0, abs({latitude}) + {latitudeSpan}))), {latitudeSpan})";
    }

    /// <summary>
    /// Appends " AND …" for the caller's sharing rule (<paramref name="visibility"/>, already rendered) and each filter,
    /// on the filter columns of <paramref name="alias"/> (service_search_rows or services: the same names).
    /// </summary>
    public static void AppendFilters(StringBuilder sql, List<NpgsqlParameter> parameters, SearchFilters filters, string alias, string visibility)
    {
        if (visibility != "true") sql.Append(CultureInfo.InvariantCulture, $" AND {visibility}");
        SharingRule.AddParameters(parameters, filters.Viewer);
        if (filters.Category is not null) { sql.Append(CultureInfo.InvariantCulture, $" AND {alias}.category = @category"); parameters.Add(new("category", filters.Category)); }
        if (filters.TargetGroup is not null) { sql.Append(CultureInfo.InvariantCulture, $" AND {alias}.target_groups @> ARRAY[@target_group]"); parameters.Add(new("target_group", filters.TargetGroup)); }
        if (filters.Keyword is not null) { sql.Append(CultureInfo.InvariantCulture, $" AND {alias}.problem_keywords @> ARRAY[@keyword]"); parameters.Add(new("keyword", filters.Keyword)); }
        if (filters.Channel is not null) { sql.Append(CultureInfo.InvariantCulture, $" AND {alias}.channels @> ARRAY[@channel]"); parameters.Add(new("channel", filters.Channel)); }
        if (filters.AnonymousOk is not null) { sql.Append(CultureInfo.InvariantCulture, $" AND {alias}.anonymous_ok = @anonymous_ok"); parameters.Add(new("anonymous_ok", filters.AnonymousOk.Value)); }
        if (filters.AcceptsOtherMunicipalities is not null)
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND {alias}.accepts_other_municipalities = @accepts_other");
            parameters.Add(new("accepts_other", filters.AcceptsOtherMunicipalities.Value));
        }
        if (filters.TextKey is not null)
        {
            // The bigram index finds candidates (2-character queries included); LIKE keeps the match exact.
            sql.Append(CultureInfo.InvariantCulture, $" AND resourcemap_bigrams({alias}.search_text) @> resourcemap_bigrams(@q) AND {alias}.search_text LIKE @q_like");
            parameters.Add(new("q", filters.TextKey));
            parameters.Add(new("q_like", "%" + filters.TextKey.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%"));
        }
        if (filters.OpenAt is { } openAt)
        {
            var local = TimeZoneInfo.ConvertTime(openAt, Japan);
            var date = DateOnly.FromDateTime(local.DateTime);
            // Open when a period of that day has begun and not ended, or last night's period runs past midnight. On a
            // public holiday the service's "holiday" periods replace the weekday's, when it has any; last night's
            // periods likewise come from yesterday's holiday hours if yesterday was a holiday.
            sql.Append(CultureInfo.InvariantCulture, $$"""
                 AND EXISTS (SELECT 1 FROM jsonb_to_recordset({{alias}}.hours) AS h(day text, opens time, closes time)
                             WHERE (h.day = CASE WHEN @open_today_holiday AND {{alias}}.hours @> '[{"day":"holiday"}]' THEN 'holiday' ELSE @open_day END
                                    AND h.opens <= @open_time AND (h.closes > @open_time OR h.closes <= h.opens))
                                OR (h.day = CASE WHEN @open_yesterday_holiday AND {{alias}}.hours @> '[{"day":"holiday"}]' THEN 'holiday' ELSE @open_previous_day END
                                    AND h.closes <= h.opens AND @open_time < h.closes))
                """);
            parameters.Add(new("open_day", DayCodes[(int)local.DayOfWeek]));
            parameters.Add(new("open_previous_day", DayCodes[((int)local.DayOfWeek + 6) % 7]));
            parameters.Add(new("open_today_holiday", Calendar.JapanesePublicHolidays.IsHoliday(date)));
            parameters.Add(new("open_yesterday_holiday", Calendar.JapanesePublicHolidays.IsHoliday(date.AddDays(-1))));
            parameters.Add(new NpgsqlParameter("open_time", NpgsqlDbType.Time) { Value = TimeOnly.FromDateTime(local.DateTime) });
        }
    }

    private static readonly string[] DayCodes = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
    private static readonly TimeZoneInfo Japan = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
}
