using System.ComponentModel;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using NetTopologySuite.Geometries;
using ResourceMap.Api.Locations;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Domain.Taxonomy;
using ResourceMap.Domain.Text;
using ResourceMap.Infrastructure.Search;

namespace ResourceMap.Api.Search;

/// <summary>The filters shared by every search endpoint and the service tiles: the same names everywhere.</summary>
public record SearchFilterQuery
{
    [FromQuery(Name = "category"), Description("service_category code: ibasho, consultation, outreach or other.")]
    public string? Category { get; init; }
    [FromQuery(Name = "target_group"), Description("target_group code, e.g. children, older_people.")]
    public string? TargetGroup { get; init; }
    [FromQuery(Name = "keyword"), Description("problem_keyword code, e.g. futoko, hikikomori.")]
    public string? Keyword { get; init; }
    [FromQuery(Name = "channel"), Description("channel code, e.g. phone, sns.")]
    public string? Channel { get; init; }
    [FromQuery(Name = "anonymous_ok"), Description("true: only services where anonymous consultation is possible.")]
    public string? AnonymousOk { get; init; }
    [FromQuery(Name = "accepts_other_municipalities"), Description("true: only services that accept people from other municipalities.")]
    public string? AcceptsOtherMunicipalities { get; init; }
    [FromQuery(Name = "open_at"), Description("ISO 8601 date-time (e.g. 2024-02-10T20:30:00+09:00): only services open then, by their weekly hours in Japan time. Public-holiday hours are not applied.")]
    public string? OpenAt { get; init; }
    [FromQuery(Name = "q"), Description("Free text in Japanese or English over names, kana, descriptions and keyword labels; normalised (NFKC, width, katakana/hiragana); at least 2 characters.")]
    public string? Q { get; init; }
}

/// <summary>Paging and output format, shared by the list-shaped searches.</summary>
public record SearchPageQuery
{
    [FromQuery(Name = "limit"), Description("Results per page (default 50, at most 200; map view up to 500).")]
    public string? Limit { get; init; }
    [FromQuery(Name = "cursor"), Description("next_cursor from the previous page.")]
    public string? Cursor { get; init; }
    [FromQuery(Name = "format"), Description("json (default), geojson (same as Accept: application/geo+json) or csv.")]
    public string? Format { get; init; }
    [FromQuery(Name = "lang"), Description("CSV only: en (default; codes, true/false) or ja (Japanese headers and labels, はい/いいえ).")]
    public string? Lang { get; init; }
}

/// <summary>
/// Turns raw query strings into typed search parameters, collecting a reason per bad parameter so a client gets
/// one 400 naming every problem. Strings are parsed here (not by the binder) for exactly that reason.
/// </summary>
public sealed class SearchParameterParser(TaxonomyCatalog catalog)
{
    public Dictionary<string, string[]> Errors { get; } = new();

    public bool IsValid => Errors.Count == 0;

    public void Error(string field, string reason) => Errors[field] = [reason];

    public SearchFilters Filters(SearchFilterQuery query)
    {
        var filters = new SearchFilters
        {
            Category = Term(query.Category, "category", Vocabularies.ServiceCategory),
            TargetGroup = Term(query.TargetGroup, "target_group", Vocabularies.TargetGroup),
            Keyword = Term(query.Keyword, "keyword", Vocabularies.ProblemKeyword),
            Channel = Term(query.Channel, "channel", Vocabularies.Channel),
            AnonymousOk = Bool(query.AnonymousOk, "anonymous_ok"),
            AcceptsOtherMunicipalities = Bool(query.AcceptsOtherMunicipalities, "accepts_other_municipalities"),
        };
        if (query.OpenAt is not null)
        {
            if (DateTimeOffset.TryParse(query.OpenAt, CultureInfo.InvariantCulture, DateTimeStyles.None, out var openAt))
                filters = filters with { OpenAt = openAt };
            else Error("open_at", $"'{query.OpenAt}' is not an ISO 8601 date-time such as 2024-02-10T20:30:00+09:00.");
        }
        if (query.Q is not null)
        {
            var key = JapaneseText.SearchKey(query.Q);
            if (key.Length < 2) Error("q", "q needs at least 2 characters after normalisation.");
            else if (key.Length > 100) Error("q", "q is limited to 100 characters.");
            else filters = filters with { TextKey = key };
        }
        return filters;
    }

    public (double Lat, double Lng)? Point(string? lat, string? lng, bool required)
    {
        if (lat is null && lng is null)
        {
            if (required) { Error("lat", "lat is required."); Error("lng", "lng is required."); }
            return null;
        }
        var latitude = Number(lat, "lat");
        var longitude = Number(lng, "lng");
        if (latitude is null || longitude is null) return null;
        var inJapan = true;
        if (latitude is < LocationRequestValidator.MinLat or > LocationRequestValidator.MaxLat)
        {
            Error("lat", $"Latitude {latitude} is outside Japan ({LocationRequestValidator.MinLat}–{LocationRequestValidator.MaxLat}); are lat and lng swapped?");
            inJapan = false;
        }
        if (longitude is < LocationRequestValidator.MinLng or > LocationRequestValidator.MaxLng)
        {
            Error("lng", $"Longitude {longitude} is outside Japan ({LocationRequestValidator.MinLng}–{LocationRequestValidator.MaxLng}); are lat and lng swapped?");
            inJapan = false;
        }
        return inJapan ? (latitude.Value, longitude.Value) : null;
    }

    public double? Radius(string? radius, double maxMetres)
    {
        if (radius is null) { Error("radius_m", "radius_m is required (metres, 1–50,000)."); return null; }
        var value = Number(radius, "radius_m");
        if (value is null) return null;
        if (value is < 1 || value > maxMetres) { Error("radius_m", $"radius_m must be between 1 and {maxMetres:N0} metres."); return null; }
        return value;
    }

    /// <summary>bbox=minLng,minLat,maxLng,maxLat in WGS84 degrees, at most <paramref name="maxSpanDegrees"/> wide or tall.</summary>
    public Envelope? BoundingBox(string? bbox, double maxSpanDegrees)
    {
        if (bbox is null) { Error("bbox", "bbox is required: minLng,minLat,maxLng,maxLat."); return null; }
        var parts = bbox.Split(',');
        var numbers = parts.Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : (double?)null).ToList();
        if (parts.Length != 4 || numbers.Any(n => n is null))
        {
            Error("bbox", "bbox must be four numbers: minLng,minLat,maxLng,maxLat.");
            return null;
        }
        var (minLng, minLat, maxLng, maxLat) = (numbers[0]!.Value, numbers[1]!.Value, numbers[2]!.Value, numbers[3]!.Value);
        if (minLng >= maxLng || minLat >= maxLat) { Error("bbox", "bbox is inverted or empty: it must be minLng,minLat,maxLng,maxLat with min < max."); return null; }
        if (minLat < -90 || maxLat > 90 || minLng < -180 || maxLng > 180) { Error("bbox", "bbox is outside -180..180 / -90..90."); return null; }
        if (maxLng - minLng > maxSpanDegrees || maxLat - minLat > maxSpanDegrees)
        {
            Error("bbox", $"bbox spans more than {maxSpanDegrees}°; zoom in or use the vector tiles.");
            return null;
        }
        return new Envelope(minLng, maxLng, minLat, maxLat);
    }

    public int Limit(string? limit, int defaultValue, int max)
    {
        if (limit is null) return defaultValue;
        if (!int.TryParse(limit, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < 1 || value > max)
        {
            Error("limit", $"limit must be a whole number from 1 to {max}.");
            return defaultValue;
        }
        return value;
    }

    public SearchCursor? Cursor(string? cursor, string kind)
    {
        if (cursor is null) return null;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor.Replace('-', '+').Replace('_', '/').PadRight((cursor.Length + 3) / 4 * 4, '=')));
            var parts = text.Split('|');
            if (parts.Length == 5 && parts[0] == kind)
            {
                return new SearchCursor(
                    parts[1].Length == 0 ? null : double.Parse(parts[1], CultureInfo.InvariantCulture),
                    Guid.Parse(parts[2]),
                    parts[3].Length == 0 ? null : Guid.Parse(parts[3]),
                    parts[4].Length == 0 ? null : int.Parse(parts[4], CultureInfo.InvariantCulture));
            }
        }
        catch (Exception e) when (e is FormatException or OverflowException) { }
        Error("cursor", "cursor is not a next_cursor issued by this search; start again without it.");
        return null;
    }

    public static string EncodeCursor(SearchCursor cursor, string kind)
    {
        var text = string.Join('|', kind, cursor.Distance?.ToString("R", CultureInfo.InvariantCulture) ?? "", cursor.ServiceId,
            cursor.LocationId?.ToString() ?? "", cursor.LevelRank?.ToString(CultureInfo.InvariantCulture) ?? "");
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public SearchFormat Format(string? format, HttpRequest request)
    {
        switch (format?.ToLowerInvariant())
        {
            case null:
                return request.Headers.Accept.Any(a => a?.Contains("application/geo+json", StringComparison.OrdinalIgnoreCase) == true)
                    ? SearchFormat.GeoJson : SearchFormat.Json;
            case "json": return SearchFormat.Json;
            case "geojson": return SearchFormat.GeoJson;
            case "csv": return SearchFormat.Csv;
            default:
                Error("format", "format must be json, geojson or csv.");
                return SearchFormat.Json;
        }
    }

    private string? Term(string? code, string field, string vocabulary)
    {
        if (code is null) return null;
        if (catalog.Contains(vocabulary, code)) return code;
        Error(field, $"'{code}' is not a {vocabulary} code; use one of: {catalog.Codes(vocabulary)}.");
        return null;
    }

    private bool? Bool(string? text, string field)
    {
        if (text is null) return null;
        if (bool.TryParse(text, out var value)) return value;
        Error(field, $"{field} must be true or false.");
        return null;
    }

    private double? Number(string? text, string field)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)) return value;
        Error(field, $"{field} must be a number.");
        return null;
    }
}

public enum SearchFormat { Json, GeoJson, Csv }
