using System.Text;
using System.Text.Json;
using ResourceMap.IntegrationTests.Infrastructure;
using static ResourceMap.IntegrationTests.Analytics.AnalyticsFixture;

namespace ResourceMap.IntegrationTests.Analytics;

/// <summary>
/// GET /api/analytics/coverage against the services of <see cref="AnalyticsFixture"/>, whose table gives every expected
/// count below: (municipality, category) → (located, covering).
/// </summary>
[Collection(AnalyticsCollection.Name)]
public class CoverageGapTests(AnalyticsFixture api)
{
    private static readonly string[] Categories = ["ibasho", "consultation", "outreach", "other"];

    /// <summary>What the public may count: public services (S1–S6, S10) of public organisations.</summary>
    private static readonly Dictionary<(string, string), (int Located, int Covering)> PublicCounts = new()
    {
        [(Toyoura, "ibasho")] = (0, 0), [(Sobetsu, "ibasho")] = (1, 1), [(Shiraoi, "ibasho")] = (1, 1), [(Toyako, "ibasho")] = (0, 1),
        [(Toyoura, "consultation")] = (0, 2), [(Sobetsu, "consultation")] = (0, 2), [(Shiraoi, "consultation")] = (0, 3), [(Toyako, "consultation")] = (1, 2),
        [(Toyoura, "outreach")] = (0, 0), [(Sobetsu, "outreach")] = (0, 1), [(Shiraoi, "outreach")] = (1, 1), [(Toyako, "outreach")] = (1, 1),
        [(Toyoura, "other")] = (0, 0), [(Sobetsu, "other")] = (0, 0), [(Shiraoi, "other")] = (0, 0), [(Toyako, "other")] = (0, 0),
    };

    /// <summary>Staff of 白老 (the owner of S8 and of S9's organisation) and admins also count S8 and S9 in 豊浦.</summary>
    private static Dictionary<(string, string), (int Located, int Covering)> OwnerCounts() => new(PublicCounts)
    {
        [(Toyoura, "ibasho")] = (1, 1),
        [(Toyoura, "other")] = (1, 1),
    };

    private static async Task<JsonElement> CoverageAsync(HttpClient client, string query = "") =>
        await (await client.GetAsync($"/api/analytics/coverage?region={RegionId}{query}")).JsonAsync(200);

    private static void AssertCounts(JsonElement report, Dictionary<(string, string), (int Located, int Covering)> expected)
    {
        Assert.Equal(Members.Order(StringComparer.Ordinal), report.GetProperty("municipalities").EnumerateArray().Select(m => m.GetProperty("code").GetString()));
        foreach (var ((municipality, category), counts) in expected)
        {
            var cell = Cell(report, municipality, category);
            Assert.True(counts == (cell.GetProperty("located").GetInt32(), cell.GetProperty("covering").GetInt32()),
                $"{municipality} {category}: expected {counts}, got {cell}");
        }
        var gaps = report.GetProperty("gaps").EnumerateArray()
            .Select(g => (g.GetProperty("municipality_code").GetString()!, g.GetProperty("category").GetString()!)).ToHashSet();
        Assert.Equal(expected.Where(e => e.Value.Covering == 0).Select(e => e.Key).ToHashSet(), gaps);
        var withoutSite = report.GetProperty("without_local_site").EnumerateArray()
            .Select(g => (g.GetProperty("municipality_code").GetString()!, g.GetProperty("category").GetString()!)).ToHashSet();
        Assert.Equal(expected.Where(e => e.Value.Covering > 0 && e.Value.Located == 0).Select(e => e.Key).ToHashSet(), withoutSite);
    }

    [Fact]
    public async Task Counts_per_municipality_and_category_leave_out_archived_services_and_archived_sites()
    {
        var report = await CoverageAsync(api.Anonymous());
        Assert.Equal(RegionId, report.GetProperty("region").GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("category").ValueKind);
        AssertCounts(report, PublicCounts);

        var shiraoi = report.GetProperty("municipalities").EnumerateArray().Single(m => m.GetProperty("code").GetString() == Shiraoi);
        Assert.Equal("白老町", shiraoi.GetProperty("name").GetString());
        Assert.Equal("015784", shiraoi.GetProperty("official_code").GetString());
        Assert.Equal(Categories, shiraoi.GetProperty("categories").EnumerateArray().Select(c => c.GetProperty("category").GetString()));
        var outreach = Cell(report, Shiraoi, "outreach");
        Assert.Equal("アウトリーチ", outreach.GetProperty("label_ja").GetString());
        Assert.Equal("Outreach", outreach.GetProperty("label_en").GetString());
    }

    [Fact]
    public async Task A_municipality_without_outreach_is_reported_as_a_gap_with_a_message()
    {
        var report = await CoverageAsync(api.Anonymous(), "&category=outreach");
        Assert.Equal("outreach", report.GetProperty("category").GetString());
        Assert.All(report.GetProperty("municipalities").EnumerateArray(),
            m => Assert.Equal("outreach", Assert.Single(m.GetProperty("categories").EnumerateArray()).GetProperty("category").GetString()));
        var gap = Assert.Single(report.GetProperty("gaps").EnumerateArray());
        Assert.Equal(Toyoura, gap.GetProperty("municipality_code").GetString());
        Assert.Equal("豊浦町", gap.GetProperty("municipality_name").GetString());
        Assert.Equal("outreach", gap.GetProperty("category").GetString());
        Assert.Equal("no outreach covers 豊浦町", gap.GetProperty("message").GetString());
        Assert.Equal("豊浦町を対象とするアウトリーチはありません", gap.GetProperty("message_ja").GetString());
        Assert.Contains("covering = 0", report.GetProperty("gap_rule").GetString());
        // 壮瞥 is covered from 白老 (S5) but has no outreach site of its own: not a gap, but said.
        var remote = Assert.Single(report.GetProperty("without_local_site").EnumerateArray());
        Assert.Equal(Sobetsu, remote.GetProperty("municipality_code").GetString());
        Assert.Equal("1 outreach service(s) cover 壮瞥町, but none has a site there", remote.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Counts_follow_sharing_scopes_owner_records_count_only_for_the_owners_staff_and_admins()
    {
        AssertCounts(await CoverageAsync(api.WithKey(ApiFixture.ShiraoiConfiguredEditorKey)), OwnerCounts());
        AssertCounts(await CoverageAsync(api.Admin()), OwnerCounts());

        var issued = await (await api.Admin().SendJsonAsync(HttpMethod.Post, "/api/keys",
            new { name = $"登別市 連携先 {Guid.NewGuid():N}", role = "partner", home_municipality_code = "01230" })).JsonAsync(201);
        var noboribetsuPartner = api.WithKey(issued.GetProperty("key").GetString()!);
        // 登別 is in nishi-iburi, which S9's organisation is shared with; S8 is 白老's alone.
        AssertCounts(await CoverageAsync(noboribetsuPartner), new(PublicCounts) { [(Toyoura, "ibasho")] = (1, 1) });

        var publicGaps = (await CoverageAsync(api.Anonymous(), "&category=other")).GetProperty("gaps").EnumerateArray()
            .Select(g => g.GetProperty("municipality_code").GetString()).ToList();
        Assert.Contains(Toyoura, publicGaps);
    }

    [Fact]
    public async Task Csv_has_a_bom_a_header_and_one_row_per_municipality_and_category()
    {
        var response = await api.Anonymous().GetAsync($"/api/analytics/coverage?region={RegionId}&format=csv");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("region_id,municipality_code,official_code,municipality_name,category,category_ja,category_en,located,covering,gap,"
                     + "population,population_as_of,located_per_10k,covering_per_10k", lines[0]);
        Assert.Equal(Members.Length * Categories.Length + 1, lines.Length);
        var toyouraOutreach = lines.Single(l => l.Contains($",{Toyoura},") && l.Contains(",outreach,")).Split(',');
        Assert.Equal(["豊浦町", "outreach", "アウトリーチ", "Outreach", "0", "0", "true"], toyouraOutreach[3..10]);
        var shiraoiConsultation = lines.Single(l => l.Contains($",{Shiraoi},") && l.Contains(",consultation,")).Split(',');
        Assert.Equal(["0", "3", "false"], shiraoiConsultation[7..10]);

        var byAccept = new HttpRequestMessage(HttpMethod.Get, $"/api/analytics/coverage?region={RegionId}");
        byAccept.Headers.Accept.ParseAdd("text/csv");
        var accepted = await api.Anonymous().SendAsync(byAccept);
        Assert.Equal("text/csv", accepted.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await accepted.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Without_a_loaded_population_the_figures_are_null_and_a_note_says_so()
    {
        var report = await (await api.Anonymous().GetAsync($"/api/analytics/coverage?region={UnpopulatedRegionId}")).JsonAsync(200);
        Assert.Contains("No population is loaded", report.GetProperty("population_note").GetString());
        foreach (var municipality in report.GetProperty("municipalities").EnumerateArray())
        {
            Assert.Equal(JsonValueKind.Null, municipality.GetProperty("population").ValueKind);
            Assert.Equal(JsonValueKind.Null, municipality.GetProperty("population_as_of").ValueKind);
            foreach (var cell in municipality.GetProperty("categories").EnumerateArray())
            {
                Assert.Equal(JsonValueKind.Null, cell.GetProperty("located_per_10k").ValueKind);
                Assert.Equal(JsonValueKind.Null, cell.GetProperty("covering_per_10k").ValueKind);
            }
        }
        // The same counts as in the bigger region: a municipality's figures do not depend on the region asked about.
        Assert.Equal(2, Cell(report, Toyako, "consultation").GetProperty("covering").GetInt32());
    }

    [Theory]
    [InlineData("", "region")]
    [InlineData("?region=atlantis", "region")]
    [InlineData("?region=gap-analysis-test&category=karaoke", "category")]
    [InlineData("?region=gap-analysis-test&format=xlsx", "format")]
    public async Task Bad_parameters_are_400_naming_the_parameter(string query, string field)
    {
        var problem = await (await api.Anonymous().GetAsync($"/api/analytics/coverage{query}"))
            .ProblemAsync(400, "urn:resourcemap:problem:validation");
        Assert.NotEmpty(problem.FieldError(field));
    }
}
