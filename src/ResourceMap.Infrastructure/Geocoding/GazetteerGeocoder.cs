using System.Collections.Concurrent;
using Npgsql;

namespace ResourceMap.Infrastructure.Geocoding;

public static class GeocodePrecisions
{
    public const string Town = "town";
    public const string Municipality = "municipality";
}

/// <param name="Status">matched, ambiguous (the municipality name exists in several prefectures) or not_found.</param>
public record GeocodeResult(
    string Status,
    string NormalizedAddress,
    string? MunicipalityCode,
    string? Prefecture,
    string? Municipality,
    string? Town,
    double? Lat,
    double? Lng,
    string? Precision,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> Candidates)
{
    public bool Found => Status == "matched";
}

/// <summary>
/// Offline address → point with the town gazetteer in PostgreSQL (gazetteer_towns): match the municipality by the
/// longest name the address starts with (prefecture and 郡 optional), then the longest town name; without a town,
/// the municipality's representative point with a warning. No network service is involved.
/// </summary>
public sealed class GazetteerGeocoder(NpgsqlDataSource dataSource) : IDisposable
{
    private sealed record MunicipalityEntry(string Code, string Prefecture, string Name, double Lat, double Lng);
    private sealed record TownEntry(string Key, string Town, double Lat, double Lng);

    private readonly SemaphoreSlim _loadLock = new(1, 1);
    private Dictionary<string, List<MunicipalityEntry>>? _municipalities;
    private int _longestMunicipalityKey;
    private readonly ConcurrentDictionary<string, TownEntry[]> _towns = new();

    /// <param name="scope">Municipality codes to prefer when a name is ambiguous (e.g. a survey area).</param>
    public async Task<GeocodeResult> GeocodeAsync(string? address, IReadOnlyCollection<string>? scope = null, CancellationToken ct = default)
    {
        var normalized = AddressNormalizer.Normalize(address);
        if (normalized.Length == 0) return NotFound(normalized, "The address is empty.");
        var index = await MunicipalitiesAsync(ct);
        var (prefecture, rest) = AddressNormalizer.SplitPrefecture(normalized);

        List<MunicipalityEntry>? candidates = null;
        var matchedLength = 0;
        for (var length = Math.Min(_longestMunicipalityKey, rest.Length); length >= 2; length--)
        {
            if (!index.TryGetValue(rest[..length], out var found)) continue;
            var inPrefecture = found.Where(m => prefecture is null || m.Prefecture == prefecture).ToList();
            if (inPrefecture.Count == 0) continue;
            candidates = inPrefecture;
            matchedLength = length;
            break;
        }
        if (candidates is null) return NotFound(normalized, "No municipality name found at the start of the address.");
        if (candidates.Count > 1 && scope is { Count: > 0 })
        {
            var inScope = candidates.Where(c => scope.Contains(c.Code)).ToList();
            if (inScope.Count > 0) candidates = inScope;
        }
        if (candidates.Count > 1)
        {
            return new GeocodeResult("ambiguous", normalized, null, null, null, null, null, null, null,
                ["The municipality name exists in several prefectures; write the prefecture."],
                candidates.Select(c => $"{c.Code} {c.Prefecture}{c.Name}").ToList());
        }
        var municipality = candidates[0];
        var townPart = AddressNormalizer.StripAza(rest[matchedLength..]);
        var towns = await TownsAsync(municipality.Code, ct);
        var town = towns.FirstOrDefault(t => townPart.StartsWith(t.Key, StringComparison.Ordinal));
        if (town is not null)
        {
            return new GeocodeResult("matched", normalized, municipality.Code, municipality.Prefecture, municipality.Name,
                town.Town, town.Lat, town.Lng, GeocodePrecisions.Town, [], []);
        }
        return new GeocodeResult("matched", normalized, municipality.Code, municipality.Prefecture, municipality.Name,
            null, municipality.Lat, municipality.Lng, GeocodePrecisions.Municipality,
            [townPart.Length == 0
                ? "The address names no town; the municipality's representative point is used."
                : $"No town of {municipality.Name} matches '{townPart}'; the municipality's representative point is used."], []);
    }

    private static GeocodeResult NotFound(string normalized, string warning) =>
        new("not_found", normalized, null, null, null, null, null, null, null, [warning], []);

    private async Task<Dictionary<string, List<MunicipalityEntry>>> MunicipalitiesAsync(CancellationToken ct)
    {
        if (_municipalities is not null) return _municipalities;
        await _loadLock.WaitAsync(ct);
        try
        {
            if (_municipalities is not null) return _municipalities;
            var index = new Dictionary<string, List<MunicipalityEntry>>(StringComparer.Ordinal);
            await using var command = dataSource.CreateCommand("""
                SELECT DISTINCT ON (g.municipality_code) g.municipality_code::text, g.prefecture, g.municipality,
                       ST_Y(m.representative_point::geometry), ST_X(m.representative_point::geometry)
                FROM gazetteer_towns g JOIN municipalities m ON m.code = g.municipality_code
                ORDER BY g.municipality_code
                """);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var entry = new MunicipalityEntry(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetDouble(3), reader.GetDouble(4));
                foreach (var key in AddressNormalizer.MunicipalityKeys(entry.Name))
                {
                    if (!index.TryGetValue(key, out var list)) index[key] = list = [];
                    if (!list.Contains(entry)) list.Add(entry);
                    _longestMunicipalityKey = Math.Max(_longestMunicipalityKey, key.Length);
                }
            }
            return _municipalities = index;
        }
        finally
        {
            _loadLock.Release();
        }
    }

    private async Task<TownEntry[]> TownsAsync(string code, CancellationToken ct)
    {
        if (_towns.TryGetValue(code, out var cached)) return cached;
        var towns = new List<TownEntry>();
        await using var command = dataSource.CreateCommand(
            "SELECT town_key, town, lat, lng FROM gazetteer_towns WHERE municipality_code = $1");
        command.Parameters.AddWithValue(code);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            towns.Add(new TownEntry(reader.GetString(0), reader.GetString(1), reader.GetDouble(2), reader.GetDouble(3)));
        // Longest key first, so 幌別町一丁目 wins over 幌別町.
        var ordered = towns.Where(t => t.Key.Length > 0).OrderByDescending(t => t.Key.Length).ThenBy(t => t.Key, StringComparer.Ordinal).ToArray();
        return _towns[code] = ordered;
    }

    public void Dispose() => _loadLock.Dispose();
}
