using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ResourceMap.IntegrationTests.Surveys;

namespace ResourceMap.IntegrationTests.Seeding;

/// <summary>
/// The files of seed-data/ describe one consistent world: a 法人番号 names one organisation across the sample
/// directory and the open-data NPO list, and an NPO that appears in both carries the list's number. Otherwise a
/// target imported from the list links to an unrelated directory record and publishing writes into it.
/// </summary>
public partial class SeedDataConsistencyTests
{
    private sealed record Entry(string File, string Number, string Name);

    [Fact]
    public void Every_corporate_number_in_seed_data_names_one_organisation()
    {
        var entries = DirectoryEntries().Concat(NpoListEntries()).ToList();
        Assert.True(entries.Count > 100, $"only {entries.Count} numbered organisations read");
        var clashes = entries.GroupBy(e => e.Number)
            .Where(g => g.Select(e => NameKey(e.Name)).Distinct().Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(" / ", g.Select(e => $"{e.Name} ({e.File})"))}")
            .ToList();
        Assert.True(clashes.Count == 0, "法人番号 shared by different organisations:\n" + string.Join("\n", clashes));
        // Within one file a number appears once.
        Assert.All(entries.GroupBy(e => e.File), file => Assert.Equal(file.Count(), file.Select(e => e.Number).Distinct().Count()));
    }

    [Fact]
    public void An_npo_in_both_the_directory_and_the_open_data_list_is_one_record_with_the_list_s_number()
    {
        var listed = NpoListEntries().ToDictionary(e => NameKey(e.Name));
        var inBoth = DirectoryEntries().Where(e => listed.ContainsKey(NameKey(e.Name))).ToList();
        Assert.NotEmpty(inBoth); // the sample keeps one such organisation, so the survey's merge is exercised
        Assert.All(inBoth, e => Assert.Equal(listed[NameKey(e.Name)].Number, e.Number));
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(SurveySamples.SeedDirectory(), "sample-directory.json")));
        var names = document.RootElement.GetProperty("organizations").EnumerateArray().Select(o => NameKey(o.GetProperty("name").GetString()!)).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    private static IEnumerable<Entry> DirectoryEntries()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(SurveySamples.SeedDirectory(), "sample-directory.json")));
        return document.RootElement.GetProperty("organizations").EnumerateArray()
            .Where(o => o.GetProperty("corporate_number").ValueKind == JsonValueKind.String)
            .Select(o => new Entry("sample-directory.json", o.GetProperty("corporate_number").GetString()!, o.GetProperty("name").GetString()!))
            .ToList();
    }

    private static IEnumerable<Entry> NpoListEntries()
    {
        using var reader = new StreamReader(Path.Combine(SurveySamples.SeedDirectory(), "surveys", SurveySamples.TargetsFile), Encoding.UTF8);
        using var csv = CsvHelper.CsvReader.Create(reader, new CsvHelper.CsvReaderOptions { HasHeader = true });
        csv.ReadHeader();
        var headers = csv.Headers.Select(h => h.TrimStart('\uFEFF')).ToList();
        int number = headers.IndexOf("法人番号"), name = headers.IndexOf("法人名称");
        var entries = new List<Entry>();
        while (csv.Read()) entries.Add(new Entry(SurveySamples.TargetsFile, csv.GetString(number), csv.GetString(name)));
        return entries;
    }

    /// <summary>The name without legal-form words, spaces or width differences (how the two files spell one NPO).</summary>
    private static string NameKey(string name) =>
        LegalFormWords().Replace(name.Normalize(NormalizationForm.FormKC), "").Replace(" ", "", StringComparison.Ordinal);

    [GeneratedRegex("特定非営利活動法人|認定NPO法人|NPO法人|社会福祉法人|一般社団法人|株式会社")]
    private static partial Regex LegalFormWords();
}
