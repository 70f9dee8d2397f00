using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ResourceMap.IntegrationTests.Infrastructure;
using static ResourceMap.IntegrationTests.Analytics.AnalyticsFixture;

namespace ResourceMap.IntegrationTests.Analytics;

/// <summary>
/// PUT/GET /api/analytics/populations and the per-10,000 figures of the gap analysis. Every population here is
/// MADE-UP TEST DATA (round numbers, source "テスト用の架空の人口"), not a real statistic.
/// </summary>
[Collection(AnalyticsCollection.Name)]
public class PopulationImportTests(AnalyticsFixture api)
{
    private const string FakeSource = "テスト用の架空の人口 (test data; not a statistic)";

    static PopulationImportTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static MultipartFormDataContent File(byte[] bytes, string name = "populations.csv")
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", name);
        return content;
    }

    private static MultipartFormDataContent Csv(params string[] rows) =>
        File(Encoding.UTF8.GetBytes(string.Join("\r\n", ["municipality_code,population,as_of,source", .. rows]) + "\r\n"));

    private async Task<Dictionary<string, JsonElement>> LoadedAsync()
    {
        var list = await (await api.Anonymous().GetAsync("/api/analytics/populations")).JsonAsync(200);
        return list.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("municipality_code").GetString()!);
    }

    [Fact]
    public async Task An_admin_loads_populations_from_utf8_and_shift_jis_and_a_later_file_replaces_a_figure()
    {
        // 登別 (as the official 6-digit code) and 室蘭: outside the gap-analysis regions.
        var result = await (await api.Admin().PutAsync("/api/analytics/populations",
            Csv($"012301,40000,2024-01-01,{FakeSource}", $"01205,70000,2024-01-01,{FakeSource}"))).JsonAsync(200);
        Assert.Equal(2, result.GetProperty("rows").GetInt32());
        Assert.Equal("utf-8", result.GetProperty("encoding").GetString());

        var loaded = await LoadedAsync();
        Assert.Equal(40000, loaded["01230"].GetProperty("population").GetInt32());
        Assert.Equal("012301", loaded["01230"].GetProperty("official_code").GetString());
        Assert.Equal("登別市", loaded["01230"].GetProperty("municipality_name").GetString());
        Assert.Equal("2024-01-01", loaded["01230"].GetProperty("as_of").GetString());
        Assert.Equal(FakeSource, loaded["01230"].GetProperty("source").GetString());

        // Shift_JIS, as Excel on Japanese Windows saves CSV; 登別 is replaced, 室蘭 keeps its figure.
        var sjis = Encoding.GetEncoding(932).GetBytes($"municipality_code,population,as_of,source\r\n01230,41000,2024/06/30,架空の人口（テスト）\r\n");
        var replaced = await (await api.Admin().PutAsync("/api/analytics/populations", File(sjis))).JsonAsync(200);
        Assert.Equal("shift_jis", replaced.GetProperty("encoding").GetString());
        Assert.Equal(0, replaced.GetProperty("created").GetInt32());
        Assert.Equal(1, replaced.GetProperty("updated").GetInt32());
        loaded = await LoadedAsync();
        Assert.Equal(41000, loaded["01230"].GetProperty("population").GetInt32());
        Assert.Equal("2024-06-30", loaded["01230"].GetProperty("as_of").GetString());
        Assert.Equal("架空の人口(テスト)", loaded["01230"].GetProperty("source").GetString()); // decoded, then NFKC like all text at the edge
        Assert.Equal(70000, loaded["01205"].GetProperty("population").GetInt32());
    }

    [Fact]
    public async Task A_file_with_bad_rows_is_400_naming_every_row_and_field_and_stores_nothing()
    {
        var response = await api.Admin().PutAsync("/api/analytics/populations", Csv(
            $"01233,30000,2024-01-01,{FakeSource}",      // row 1: fine (伊達市), but must not be stored either
            $"01999,1000,2024-01-01,{FakeSource}",       // row 2: no such municipality
            $"01213,-5,2024-01-01,{FakeSource}",         // row 3: negative population (苫小牧市)
            $"01214,1000,2024-13-01,{FakeSource}",       // row 4: no 13th month (稚内市)
            $"012302,1000,2024-01-01,{FakeSource}",      // row 5: wrong check digit
            "01215,1000,2024-01-01,",                    // row 6: no source (美唄市)
            $"01233,31000,2024-01-01,{FakeSource}",      // row 7: 伊達市 again
            "01216,1000,2024-01-01,架空の人口, テスト"));   // row 8: an unquoted comma (芦別市)
        var problem = await response.ProblemAsync(400, "urn:resourcemap:problem:validation");
        Assert.Contains("No municipality has the code 01999", problem.FieldError("rows[2].municipality_code"));
        Assert.Contains("negative", problem.FieldError("rows[3].population"));
        Assert.Contains("yyyy-MM-dd", problem.FieldError("rows[4].as_of"));
        Assert.Contains("check digit", problem.FieldError("rows[5].municipality_code"));
        Assert.Contains("source is required", problem.FieldError("rows[6].source"));
        Assert.Contains("row 1", problem.FieldError("rows[7].municipality_code"));
        Assert.Contains("quote text that contains a comma", problem.FieldError("rows[8].columns"));
        Assert.False(problem.GetProperty("errors").TryGetProperty("rows[1].municipality_code", out _));
        var rejected = problem.GetProperty("rejected_rows").EnumerateArray().Select(r => r.GetProperty("row_number").GetInt32()).ToList();
        Assert.Equal([2, 3, 4, 5, 6, 7, 8], rejected);
        Assert.Contains("7 of 8 rows", problem.GetProperty("detail").GetString());

        var loaded = await LoadedAsync();
        foreach (var code in new[] { "01233", "01213", "01214", "01215", "01216" }) Assert.False(loaded.ContainsKey(code), $"{code} was stored");
    }

    [Fact]
    public async Task A_file_without_the_required_columns_is_400_on_the_file()
    {
        var content = File(Encoding.UTF8.GetBytes("code,people\r\n01233,1000\r\n"));
        var problem = await (await api.Admin().PutAsync("/api/analytics/populations", content)).ProblemAsync(400, "urn:resourcemap:problem:validation");
        Assert.Contains("municipality_code", problem.FieldError("file"));
    }

    [Fact]
    public async Task Loading_populations_needs_an_admin_key()
    {
        var anonymous = await api.Anonymous().PutAsync("/api/analytics/populations", Csv($"01233,1000,2024-01-01,{FakeSource}"));
        await anonymous.ProblemAsync(401, "urn:resourcemap:problem:unauthorized");
        var editor = await api.Editor().PutAsync("/api/analytics/populations", Csv($"01233,1000,2024-01-01,{FakeSource}"));
        await editor.ProblemAsync(403, "urn:resourcemap:problem:forbidden");
        Assert.False((await LoadedAsync()).ContainsKey("01233"));
    }

    [Fact]
    public async Task With_populations_loaded_the_gap_analysis_adds_figures_per_10000_residents()
    {
        const int shiraoiPopulation = 16000, sobetsuPopulation = 2500;
        await (await api.Admin().PutAsync("/api/analytics/populations", Csv(
            $"{Shiraoi},{shiraoiPopulation},2024-01-01,{FakeSource}", $"{Sobetsu},{sobetsuPopulation},2023-12-31,{FakeSource}"))).JsonAsync(200);

        var report = await (await api.Anonymous().GetAsync($"/api/analytics/coverage?region={RegionId}")).JsonAsync(200);
        var shiraoi = report.GetProperty("municipalities").EnumerateArray().Single(m => m.GetProperty("code").GetString() == Shiraoi);
        Assert.Equal(shiraoiPopulation, shiraoi.GetProperty("population").GetInt32());
        Assert.Equal("2024-01-01", shiraoi.GetProperty("population_as_of").GetString());
        // 白老: consultation covered by 3 services, none located → 3 / 16,000 × 10,000 = 1.875 → 1.88.
        var consultation = Cell(report, Shiraoi, "consultation");
        Assert.Equal(Math.Round(3 * 10000.0 / shiraoiPopulation, 2, MidpointRounding.AwayFromZero), consultation.GetProperty("covering_per_10k").GetDouble());
        Assert.Equal(0, consultation.GetProperty("located_per_10k").GetDouble());
        // 壮瞥: one ibasho located and covering → 1 / 2,500 × 10,000 = 4.
        var ibasho = Cell(report, Sobetsu, "ibasho");
        Assert.Equal(4.0, ibasho.GetProperty("located_per_10k").GetDouble());
        Assert.Equal(4.0, ibasho.GetProperty("covering_per_10k").GetDouble());
        // 豊浦 and 洞爺湖 have none: null figures, and the note names them.
        Assert.Equal(JsonValueKind.Null, Cell(report, Toyoura, "ibasho").GetProperty("covering_per_10k").ValueKind);
        var note = report.GetProperty("population_note").GetString()!;
        Assert.Contains("2 of 4", note);
        Assert.Contains("豊浦町", note);
        Assert.DoesNotContain("白老町", note);

        var csv = Encoding.UTF8.GetString(await api.Anonymous().GetByteArrayAsync($"/api/analytics/coverage?region={RegionId}&format=csv&category=consultation"));
        var row = csv.Split("\r\n").Single(l => l.Contains($",{Shiraoi},")).Split(',');
        Assert.Equal([shiraoiPopulation.ToString(CultureInfo.InvariantCulture), "2024-01-01", "0", "1.88"], row[10..14]);
    }
}
