using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Npgsql;

namespace ResourceMap.Infrastructure.Geocoding;

public static class GeocodePrecisions
{
    public const string Town = "town";
    public const string Municipality = "municipality";
}

/// <param name="Status">matched, ambiguous (the name fits several municipalities: candidates lists them) or not_found.</param>
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

public sealed record GazetteerMunicipality(string Code, string Prefecture, string Name, double Lat, double Lng);

public sealed record GazetteerTown(string Town, double Lat, double Lng);

/// <summary>Where the gazetteer comes from: PostgreSQL in the API, the seed file in the evaluation.</summary>
public interface IGazetteerSource
{
    Task<IReadOnlyList<GazetteerMunicipality>> MunicipalitiesAsync(CancellationToken ct);

    Task<IReadOnlyList<GazetteerTown>> TownsAsync(string municipalityCode, CancellationToken ct);
}

/// <summary>The gazetteer_towns table, with each municipality's representative point.</summary>
public sealed class PostgresGazetteerSource(NpgsqlDataSource dataSource) : IGazetteerSource
{
    public async Task<IReadOnlyList<GazetteerMunicipality>> MunicipalitiesAsync(CancellationToken ct)
    {
        var list = new List<GazetteerMunicipality>();
        await using var command = dataSource.CreateCommand("""
            SELECT DISTINCT ON (g.municipality_code) g.municipality_code::text, g.prefecture, g.municipality,
                   ST_Y(m.representative_point::geometry), ST_X(m.representative_point::geometry)
            FROM gazetteer_towns g JOIN municipalities m ON m.code = g.municipality_code
            ORDER BY g.municipality_code
            """);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            list.Add(new GazetteerMunicipality(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetDouble(3), reader.GetDouble(4)));
        return list;
    }

    public async Task<IReadOnlyList<GazetteerTown>> TownsAsync(string municipalityCode, CancellationToken ct)
    {
        var towns = new List<GazetteerTown>();
        await using var command = dataSource.CreateCommand("SELECT town, lat, lng FROM gazetteer_towns WHERE municipality_code = $1");
        command.Parameters.AddWithValue(municipalityCode);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) towns.Add(new GazetteerTown(reader.GetString(0), reader.GetDouble(1), reader.GetDouble(2)));
        return towns;
    }
}

/// <summary>
/// Offline address → point with the town gazetteer: match the municipality by the longest name the address starts
/// with (prefecture, 郡 and — for a designated city — the city or the ward optional), then the longest town name;
/// without a town, the municipality's representative point with a warning. A name that fits several municipalities
/// is answered ambiguous with the candidates, never guessed — except a designated city written without its ward,
/// which is settled by the town when exactly one ward has it. No network service is involved.
/// </summary>
public sealed partial class GazetteerGeocoder(IGazetteerSource source) : IDisposable
{
    private sealed record MunicipalityEntry(string Code, string Prefecture, string Name, double Lat, double Lng);
    private sealed record TownEntry(string Key, string Town, double Lat, double Lng);

    /// <summary>How a municipality name was found: its full name, or only its city or ward part.</summary>
    private enum KeyKind { Full, CityOfWards, WardOnly }

    private sealed record Index(Dictionary<string, List<(MunicipalityEntry Entry, KeyKind Kind)>> Keys, int LongestKey);

    private readonly SemaphoreSlim _loadLock = new(1, 1);
    private Index? _index;
    /// <summary>A municipality's towns by key, for the longest-prefix match of an address's town part.</summary>
    private sealed class Towns(Dictionary<string, TownEntry> byKey, int longestKey)
    {
        private readonly Dictionary<string, TownEntry>.AlternateLookup<ReadOnlySpan<char>> _byKey = byKey.GetAlternateLookup<ReadOnlySpan<char>>();

        /// <summary>The town with the longest key the text starts with (幌別町一丁目 over 幌別町), looked up prefix by prefix.</summary>
        public TownEntry? LongestPrefixOf(string text)
        {
            for (var length = Math.Min(longestKey, text.Length); length >= 1; length--)
                if (_byKey.TryGetValue(text.AsSpan(0, length), out var town)) return town;
            return null;
        }
    }

    private readonly ConcurrentDictionary<string, Towns> _towns = new();

    public GazetteerGeocoder(NpgsqlDataSource dataSource) : this(new PostgresGazetteerSource(dataSource)) { }

    /// <param name="scope">Municipality codes to prefer when a name is ambiguous (e.g. a survey area).</param>
    public async Task<GeocodeResult> GeocodeAsync(string? address, IReadOnlyCollection<string>? scope = null, CancellationToken ct = default)
    {
        var normalized = AddressNormalizer.Normalize(address);
        if (normalized.Length == 0) return NotFound(normalized, "The address is empty.");
        var index = await IndexAsync(ct);
        var (prefecture, rest) = AddressNormalizer.SplitPrefecture(normalized);
        var keys = index.Keys.GetAlternateLookup<ReadOnlySpan<char>>();

        List<(MunicipalityEntry Entry, KeyKind Kind)>? found = null;
        var matchedLength = 0;
        for (var length = Math.Min(index.LongestKey, rest.Length); length >= 2; length--)
        {
            if (!keys.TryGetValue(rest.AsSpan(0, length), out var entries)) continue;
            var inPrefecture = entries.Where(m => prefecture is null || m.Entry.Prefecture == prefecture).ToList();
            if (inPrefecture.Count == 0) continue;
            found = inPrefecture;
            matchedLength = length;
            break;
        }
        if (found is null) return NotFound(normalized, "No municipality name found at the start of the address.");
        var townPart = AddressNormalizer.StripAza(rest[matchedLength..]);
        // A full name beats a bare ward or city name of the same spelling (東京都中央区 written 中央区 with 東京都).
        if (found.Any(f => f.Kind == KeyKind.Full) && prefecture is not null) found = found.Where(f => f.Kind == KeyKind.Full).ToList();
        var candidates = found.Select(f => f.Entry).Distinct().ToList();
        if (candidates.Count > 1 && scope is { Count: > 0 })
        {
            var inScope = candidates.Where(c => scope.Contains(c.Code)).ToList();
            if (inScope.Count > 0) candidates = inScope;
        }
        if (candidates.Count > 1 && found.All(f => f.Kind == KeyKind.CityOfWards))
        {
            // 札幌市南三条西十六丁目: the city without its ward; the town decides when only one ward has it. As within one
            // municipality, the longest town name wins (平和通一丁目北 in 白石区 over 平和通一丁目 in 西区).
            var withTown = new List<(MunicipalityEntry Municipality, TownEntry Town)>();
            foreach (var ward in candidates)
                if (await TownAsync(ward.Code, townPart, ct) is { } town) withTown.Add((ward, town));
            if (withTown.Count > 1)
            {
                var longest = withTown.Max(w => w.Town.Key.Length);
                withTown = withTown.Where(w => w.Town.Key.Length == longest).ToList();
            }
            if (withTown.Count == 1)
            {
                var (ward, town) = withTown[0];
                return new GeocodeResult("matched", normalized, ward.Code, ward.Prefecture, ward.Name, town.Town, town.Lat, town.Lng,
                    GeocodePrecisions.Town, [$"The address names the city without its ward; {ward.Name} is the only ward with {town.Town}."], []);
            }
            if (withTown.Count > 1) candidates = withTown.Select(w => w.Municipality).ToList();
        }
        if (candidates.Count > 1)
        {
            var warning = found.Any(f => f.Kind == KeyKind.WardOnly)
                ? "The ward name exists in several cities (or is a Tokyo special ward as well); write the city (or the prefecture)."
                : found.All(f => f.Kind == KeyKind.CityOfWards)
                    ? "The address names a designated city without its ward, and the town does not settle which ward; write the ward."
                    : "The municipality name exists in several prefectures; write the prefecture.";
            return new GeocodeResult("ambiguous", normalized, null, null, null, null, null, null, null, [warning],
                candidates.OrderBy(c => c.Code, StringComparer.Ordinal).Select(c => $"{c.Code} {c.Prefecture}{c.Name}").ToList());
        }
        var municipality = candidates[0];
        var matchedTown = await TownAsync(municipality.Code, townPart, ct);
        if (matchedTown is not null)
        {
            return new GeocodeResult("matched", normalized, municipality.Code, municipality.Prefecture, municipality.Name,
                matchedTown.Town, matchedTown.Lat, matchedTown.Lng, GeocodePrecisions.Town, [], []);
        }
        return new GeocodeResult("matched", normalized, municipality.Code, municipality.Prefecture, municipality.Name,
            null, municipality.Lat, municipality.Lng, GeocodePrecisions.Municipality,
            [townPart.Length == 0
                ? "The address names no town; the municipality's representative point is used."
                : $"No town of {municipality.Name} matches '{townPart}'; the municipality's representative point is used."], []);
    }

    private static GeocodeResult NotFound(string normalized, string warning) =>
        new("not_found", normalized, null, null, null, null, null, null, null, [warning], []);

    private async Task<TownEntry?> TownAsync(string code, string townPart, CancellationToken ct)
    {
        if (townPart.Length == 0) return null;
        return (await TownsAsync(code, ct)).LongestPrefixOf(townPart);
    }

    private async Task<Index> IndexAsync(CancellationToken ct)
    {
        if (_index is not null) return _index;
        await _loadLock.WaitAsync(ct);
        try
        {
            if (_index is not null) return _index;
            var keys = new Dictionary<string, List<(MunicipalityEntry, KeyKind)>>(StringComparer.Ordinal);
            var longest = 0;
            void Add(string key, MunicipalityEntry entry, KeyKind kind)
            {
                if (key.Length < 2) return;
                if (!keys.TryGetValue(key, out var list)) keys[key] = list = [];
                if (!list.Contains((entry, kind))) list.Add((entry, kind));
                longest = Math.Max(longest, key.Length);
            }
            foreach (var m in await source.MunicipalitiesAsync(ct))
            {
                var entry = new MunicipalityEntry(m.Code, m.Prefecture, m.Name, m.Lat, m.Lng);
                foreach (var key in AddressNormalizer.MunicipalityKeys(m.Name))
                {
                    Add(key, entry, KeyKind.Full);
                    // A ward of a designated city (札幌市中央区) is also written as its city alone or its ward alone.
                    if (DesignatedCityWard().Match(key) is { Success: true } ward)
                    {
                        Add(ward.Groups["city"].Value, entry, KeyKind.CityOfWards);
                        Add(ward.Groups["ward"].Value, entry, KeyKind.WardOnly);
                    }
                }
            }
            return _index = new Index(keys, longest);
        }
        finally
        {
            _loadLock.Release();
        }
    }

    private async Task<Towns> TownsAsync(string code, CancellationToken ct)
    {
        if (_towns.TryGetValue(code, out var cached)) return cached;
        // Keys are made here from the town names, so a change of folding needs no reseed of the stored town_key.
        var byKey = new Dictionary<string, TownEntry>(StringComparer.Ordinal);
        foreach (var town in await source.TownsAsync(code, ct))
        {
            var key = AddressNormalizer.TownKey(town.Town);
            // Two towns folding to one key: the first in ordinal order of their names, so the answer does not depend on the row order.
            if (key.Length > 0 && (!byKey.TryGetValue(key, out var other) || string.CompareOrdinal(town.Town, other.Town) < 0))
                byKey[key] = new TownEntry(key, town.Town, town.Lat, town.Lng);
        }
        return _towns[code] = new Towns(byKey, byKey.Keys.Select(k => k.Length).DefaultIfEmpty(0).Max());
    }

    public void Dispose() => _loadLock.Dispose();

    [GeneratedRegex(@"^(?<city>.+?市)(?<ward>[^市]+区)$")]
    private static partial Regex DesignatedCityWard();
}
