using System.IO.Compression;
using System.Text;
using ResourceMap.Infrastructure.Geocoding;
using Xunit.Abstractions;

namespace ResourceMap.UnitTests.Geocoding;

/// <summary>The real gazetteer (seed-data/gazetteer, every town of Japan) as the geocoder's source, without a database.</summary>
public sealed class SeedGazetteer : IGazetteerSource
{
    public sealed record Row(string Code, string Prefecture, string Municipality, string Town, double Lat, double Lng);

    public List<Row> Rows { get; } = [];

    public SeedGazetteer()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !System.IO.Directory.Exists(Path.Combine(directory.FullName, "seed-data"))) directory = directory.Parent;
        var file = Path.Combine(Environment.GetEnvironmentVariable("RESOURCEMAP_SEED_DIR") ?? Path.Combine(directory!.FullName, "seed-data"),
            "gazetteer", "towns-japan.csv.gz");
        using var reader = new StreamReader(new GZipStream(File.OpenRead(file), CompressionMode.Decompress), Encoding.UTF8);
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split(',');
            // Towns without coordinates are skipped, as the seeder does.
            if (f[4].Length == 0 || f[5].Length == 0) continue;
            Rows.Add(new Row(f[0], f[1], f[2], f[3], double.Parse(f[4], System.Globalization.CultureInfo.InvariantCulture),
                double.Parse(f[5], System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    public Task<IReadOnlyList<GazetteerMunicipality>> MunicipalitiesAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<GazetteerMunicipality>>(Rows.GroupBy(r => r.Code)
            .Select(g => new GazetteerMunicipality(g.Key, g.First().Prefecture, g.First().Municipality, g.Average(r => r.Lat), g.Average(r => r.Lng)))
            .ToList());

    private Dictionary<string, List<GazetteerTown>>? _byCode;

    public Task<IReadOnlyList<GazetteerTown>> TownsAsync(string municipalityCode, CancellationToken ct)
    {
        _byCode ??= Rows.GroupBy(r => r.Code).ToDictionary(g => g.Key, g => g.Select(r => new GazetteerTown(r.Town, r.Lat, r.Lng)).ToList());
        return Task.FromResult<IReadOnlyList<GazetteerTown>>(_byCode.GetValueOrDefault(municipalityCode) ?? []);
    }
}

public sealed class SeedGazetteerFixture
{
    public SeedGazetteer Gazetteer { get; } = new();
    public GazetteerGeocoder Geocoder { get; }

    public SeedGazetteerFixture() => Geocoder = new GazetteerGeocoder(Gazetteer);
}

/// <summary>
/// Generated variants of real addresses, thousands of them: how people write the same place. Scores are printed; the
/// bar is the one the geocoder keeps: ≥ 99.8 % right on addresses written normally, and never a wrong municipality.
/// </summary>
public class GazetteerEvaluationTests(SeedGazetteerFixture data, ITestOutputHelper output) : IClassFixture<SeedGazetteerFixture>
{
    private const string KanjiDigits = "一二三四五六七八九";

    private sealed record Score(int Total, int Right, int WrongMunicipality, int Ambiguous, List<string> Misses)
    {
        public double Rate => Total == 0 ? 1 : (double)Right / Total;
    }

    private async Task<Score> EvaluateAsync(string name, IEnumerable<(string Address, SeedGazetteer.Row Expected)> cases, bool ambiguousIsRight = false)
    {
        int total = 0, right = 0, wrong = 0, ambiguous = 0;
        var misses = new List<string>();
        foreach (var (address, expected) in cases)
        {
            total++;
            var result = await data.Geocoder.GeocodeAsync(address);
            if (result.Status == "ambiguous")
            {
                ambiguous++;
                if (ambiguousIsRight && result.Candidates.Any(c => c.StartsWith(expected.Code, StringComparison.Ordinal))) right++;
                else if (misses.Count < 15) misses.Add($"{address} → ambiguous {string.Join('/', result.Candidates.Take(3))}");
                continue;
            }
            if (result.Found && result.MunicipalityCode != expected.Code)
            {
                wrong++;
                if (misses.Count < 15) misses.Add($"{address} → WRONG {result.MunicipalityCode} {result.Municipality}{result.Town}");
                continue;
            }
            if (result.Found && result.Town is not null && AddressNormalizer.TownKey(result.Town) == AddressNormalizer.TownKey(expected.Town)) right++;
            else if (misses.Count < 15) misses.Add($"{address} → {result.Status} {result.Municipality}{result.Town} ({string.Join(' ', result.Warnings)})");
        }
        var score = new Score(total, right, wrong, ambiguous, misses);
        output.WriteLine($"{name}: {right}/{total} right ({score.Rate:P2}), {wrong} wrong municipality, {ambiguous} ambiguous");
        foreach (var miss in misses) output.WriteLine("  " + miss);
        return score;
    }

    /// <summary>Every 40th town of the country (about 7,000) by default, spread over every prefecture.</summary>
    private IEnumerable<SeedGazetteer.Row> Sample(int every = 40) => data.Gazetteer.Rows.Where((_, i) => i % every == 0);

    private static string ArabicChome(string town)
    {
        // 幌別町一丁目 → 幌別町1丁目, 北五条西三丁目 → 北5条西3丁目 (numbers up to 99 in kanji).
        var builder = new StringBuilder();
        for (var i = 0; i < town.Length; i++)
        {
            var j = i;
            while (j < town.Length && (KanjiDigits.Contains(town[j]) || town[j] == '十')) j++;
            if (j > i && j < town.Length && (town[j] == '条' || town.AsSpan(j).StartsWith("丁目")))
            {
                builder.Append(FromKanji(town[i..j]));
                i = j - 1;
                continue;
            }
            builder.Append(town[i]);
        }
        return builder.ToString();
    }

    private static int FromKanji(string kanji)
    {
        var ten = kanji.IndexOf('十');
        if (ten < 0) return KanjiDigits.IndexOf(kanji[0]) + 1;
        var tens = ten == 0 ? 1 : KanjiDigits.IndexOf(kanji[0]) + 1;
        var ones = ten == kanji.Length - 1 ? 0 : KanjiDigits.IndexOf(kanji[^1]) + 1;
        return tens * 10 + ones;
    }

    [Fact]
    public async Task Normally_written_addresses_are_right_and_never_in_a_wrong_municipality()
    {
        var sample = Sample().ToList();
        var score = await EvaluateAsync("prefecture + municipality + town + 番号", sample.Select(r => ($"{r.Prefecture}{r.Municipality}{r.Town}1番2号", r)));
        // 幌別町1-5-3: the first number of a hyphenated block is the 丁目 (towns that have 丁目 only).
        var hyphenated = await EvaluateAsync("… 丁目 as the first number of 1-5-3", sample.Where(r => r.Town.EndsWith("丁目", StringComparison.Ordinal))
            .Select(r => ($"{r.Prefecture}{r.Municipality}{ArabicChome(r.Town).Replace("丁目", "-5-3")}", r)));
        var arabic = await EvaluateAsync("… with 丁目 in Arabic numerals", sample.Select(r => ($"{r.Prefecture}{r.Municipality}{ArabicChome(r.Town)}3番地", r)));
        var codesByName = data.Gazetteer.Rows.GroupBy(r => r.Municipality).ToDictionary(g => g.Key, g => g.Select(r => r.Code).Distinct().Count());
        var noPrefecture = await EvaluateAsync("without the prefecture (unique municipality names)",
            sample.Where(r => codesByName[r.Municipality] == 1 && !r.Municipality.Contains('区'))
                .Select(r => ($"{r.Municipality}{r.Town}", r)));
        Assert.True(sample.Count > 5_000, $"{sample.Count} towns");
        foreach (var s in new[] { score, hyphenated, arabic, noPrefecture })
        {
            Assert.True(s.Rate >= 0.998, $"{s.Rate:P2}: {string.Join("; ", s.Misses)}");
            Assert.Equal(0, s.WrongMunicipality);
        }
    }

    [Fact]
    public async Task Jo_in_Arabic_numerals_finds_the_town()
    {
        var jo = data.Gazetteer.Rows.Where(r => r.Town.Contains('条') && r.Town.Any(KanjiDigits.Contains)).ToList();
        var score = await EvaluateAsync("条 in Arabic numerals", jo.Select(r => ($"{r.Prefecture}{r.Municipality}{ArabicChome(r.Town)}1-1", r)));
        Assert.True(jo.Count > 1_000, $"{jo.Count} towns with 条");
        Assert.True(score.Rate >= 0.99, $"{score.Rate:P2}: {string.Join("; ", score.Misses)}");
        Assert.Equal(0, score.WrongMunicipality);
    }

    [Fact]
    public async Task Old_character_forms_in_towns_and_municipalities_are_folded()
    {
        // Write a new-form character of the name in its old form (沢 → 澤), as older signs and documents do.
        var oldForms = new Dictionary<char, char>
        {
            ['沢'] = '澤', ['辺'] = '邊', ['国'] = '國', ['広'] = '廣', ['浜'] = '濱', ['斎'] = '齋', ['県'] = '縣',
            ['栄'] = '榮', ['恵'] = '惠', ['桜'] = '櫻', ['滝'] = '瀧', ['竜'] = '龍', ['鉄'] = '鐵', ['島'] = '嶋', ['高'] = '髙', ['崎'] = '﨑', ['条'] = '條', ['真'] = '眞'
        };
        string Old(string text) => new(text.Select(c => oldForms.GetValueOrDefault(c, c)).ToArray());
        var towns = Sample(5).Where(r => r.Town.Any(oldForms.ContainsKey)).ToList();
        var municipalities = Sample(5).Where(r => r.Municipality.Any(oldForms.ContainsKey)).ToList();
        var townScore = await EvaluateAsync("旧字体 in the town", towns.Select(r => ($"{r.Prefecture}{r.Municipality}{Old(r.Town)}", r)));
        var municipalityScore = await EvaluateAsync("旧字体 in the municipality", municipalities.Select(r => ($"{r.Prefecture}{Old(r.Municipality)}{r.Town}", r)));
        Assert.True(towns.Count > 1_000 && municipalities.Count > 1_000, $"{towns.Count} towns, {municipalities.Count} municipalities");
        foreach (var s in new[] { townScore, municipalityScore })
        {
            Assert.True(s.Rate >= 0.995, $"{s.Rate:P2}: {string.Join("; ", s.Misses)}");
            Assert.Equal(0, s.WrongMunicipality);
        }
    }

    [Fact]
    public async Task Ga_and_ke_are_interchangeable_between_kanji()
    {
        string[] forms = ["が", "ヶ", "ケ", "ガ"];
        var rows = data.Gazetteer.Rows.Where(r => System.Text.RegularExpressions.Regex.IsMatch(r.Town + r.Municipality, @"\p{IsCJKUnifiedIdeographs}[がヶケ]\p{IsCJKUnifiedIdeographs}")).ToList();
        string Swap(string text, int k) => System.Text.RegularExpressions.Regex.Replace(text, @"(?<=\p{IsCJKUnifiedIdeographs})[がヶケ](?=\p{IsCJKUnifiedIdeographs})",
            m => forms[(Array.IndexOf(forms, m.Value) + 1 + k) % 3]);
        var score = await EvaluateAsync("が / ヶ / ケ swapped", rows.SelectMany(r => new[] { 0, 1 }.Select(k => ($"{r.Prefecture}{Swap(r.Municipality, k)}{Swap(r.Town, k)}", r))));
        Assert.True(rows.Count > 500, $"{rows.Count} towns");
        Assert.True(score.Rate >= 0.995, $"{score.Rate:P2}: {string.Join("; ", score.Misses)}");
        Assert.Equal(0, score.WrongMunicipality);
        var kasumigaseki = await data.Geocoder.GeocodeAsync("東京都千代田区霞ヶ関1-3-1");
        Assert.Equal("霞が関一丁目", kasumigaseki.Town);
    }

    [Fact]
    public async Task A_ward_written_without_its_city_is_ambiguous_never_another_citys_ward()
    {
        var result = await data.Geocoder.GeocodeAsync("中央区南三条西十六丁目8-10");
        Assert.Equal("ambiguous", result.Status);
        Assert.Contains(result.Candidates, c => c.StartsWith("01101 ", StringComparison.Ordinal));
        Assert.Contains(result.Candidates, c => c.StartsWith("13102 ", StringComparison.Ordinal));

        // Every ward of every designated city, written without its city: ambiguous when the name is shared, never wrong.
        var wards = data.Gazetteer.Rows.Where(r => System.Text.RegularExpressions.Regex.IsMatch(r.Municipality, "^.+?市[^市]+区$")).ToList();
        var score = await EvaluateAsync("ward without its city", wards.Where((_, i) => i % 3 == 0)
            .Select(r => (r.Municipality[(r.Municipality.IndexOf('市') + 1)..] + r.Town, r)), ambiguousIsRight: true);
        Assert.Equal(0, score.WrongMunicipality);
        // With the prefecture a ward name is unique in most prefectures.
        Assert.Equal("01101", (await data.Geocoder.GeocodeAsync("北海道中央区南三条西16丁目")).MunicipalityCode);
    }

    [Fact]
    public async Task A_designated_city_written_without_its_ward_finds_the_town_when_only_one_ward_has_it()
    {
        var wards = data.Gazetteer.Rows.Where(r => System.Text.RegularExpressions.Regex.IsMatch(r.Municipality, "^.+?市[^市]+区$")).ToList();
        string City(string municipality) => municipality[..(municipality.IndexOf('市') + 1)];
        var wardsOfTown = wards.GroupBy(r => (r.Prefecture, City(r.Municipality), AddressNormalizer.TownKey(r.Town)))
            .ToDictionary(g => g.Key, g => g.Select(r => r.Code).Distinct().Count());
        var unique = wards.Where((r, i) => i % 4 == 0 && wardsOfTown[(r.Prefecture, City(r.Municipality), AddressNormalizer.TownKey(r.Town))] == 1).ToList();
        var shared = wards.Where(r => wardsOfTown[(r.Prefecture, City(r.Municipality), AddressNormalizer.TownKey(r.Town))] > 1).Take(500).ToList();
        var uniqueScore = await EvaluateAsync("city without its ward (town in one ward)", unique.Select(r => ($"{r.Prefecture}{City(r.Municipality)}{r.Town}", r)));
        var sharedScore = await EvaluateAsync("city without its ward (town in several)", shared.Select(r => ($"{r.Prefecture}{City(r.Municipality)}{r.Town}", r)), ambiguousIsRight: true);
        Assert.True(unique.Count > 1_000, $"{unique.Count}");
        Assert.True(uniqueScore.Rate >= 0.99, $"{uniqueScore.Rate:P2}: {string.Join("; ", uniqueScore.Misses)}");
        Assert.Equal(0, uniqueScore.WrongMunicipality);
        Assert.Equal(0, sharedScore.WrongMunicipality);
        Assert.Equal("01101", (await data.Geocoder.GeocodeAsync("札幌市南三条西16丁目8-10")).MunicipalityCode);
    }
}
