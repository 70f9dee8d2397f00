using System.Net.Http.Json;
using System.Text.Json;
using NetTopologySuite.Geometries;
using ResourceMap.IntegrationTests.Infrastructure;

namespace ResourceMap.IntegrationTests.Regions;

[Collection(ApiCollection.Name)]
public class RegionsTests(ApiFixture api)
{
    private readonly HttpClient _client = api.Anonymous();

    [Fact]
    public async Task Reference_regions_are_47_prefectures_14_bureaus_and_the_Iburi_zones()
    {
        var regions = (await (await _client.GetAsync("/api/regions")).JsonAsync(200)).EnumerateArray().ToList();
        Assert.Equal(47, regions.Count(r => r.GetProperty("kind").GetString() == "prefecture"));
        Assert.Equal(14, regions.Count(r => r.GetProperty("kind").GetString() == "bureau"));
        Assert.Contains(regions, r => r.GetProperty("id").GetString() == "higashi-iburi" && r.GetProperty("member_count").GetInt32() == 5);
        Assert.Contains(regions, r => r.GetProperty("id").GetString() == "noboribetsu-survey-2024" && r.GetProperty("member_count").GetInt32() == 7);
        Assert.Contains(regions, r => r.GetProperty("id").GetString() == "hokkaido-iburi" && r.GetProperty("member_count").GetInt32() == 11);
        var bureaus = await (await _client.GetAsync("/api/regions?kind=bureau")).JsonAsync(200);
        Assert.Equal(14, bureaus.GetArrayLength());
    }

    [Fact]
    public async Task West_Iburi_lists_its_six_members_and_its_geometry_covers_them()
    {
        var region = await (await _client.GetAsync("/api/regions/nishi-iburi?include=boundary")).JsonAsync(200);
        var codes = region.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("code").GetString()).ToList();
        Assert.Equal(["01205", "01230", "01233", "01571", "01575", "01584"], codes);
        Assert.Equal("西胆振", region.GetProperty("name_ja").GetString());

        var geometry = JsonSerializer.Deserialize<Geometry>(region.GetProperty("geometry").GetRawText(), ApiFixture.Json)!;
        foreach (var code in codes)
        {
            var point = (await (await _client.GetAsync($"/api/municipalities/{code}")).JsonAsync(200)).GetProperty("representative_point");
            Assert.True(geometry.Covers(new Point(point.GetProperty("lng").GetDouble(), point.GetProperty("lat").GetDouble())), code);
        }
        // 白老町 is next door, not a member.
        var shiraoi = (await (await _client.GetAsync("/api/municipalities/01578")).JsonAsync(200)).GetProperty("representative_point");
        Assert.False(geometry.Covers(new Point(shiraoi.GetProperty("lng").GetDouble(), shiraoi.GetProperty("lat").GetDouble())));
    }

    [Fact]
    public async Task Unknown_region_is_404_and_unknown_kind_is_400()
    {
        await (await _client.GetAsync("/api/regions/nowhere")).ProblemAsync(404, "urn:resourcemap:problem:not-found");
        var problem = await (await _client.GetAsync("/api/regions?kind=galaxy")).ProblemAsync(400, "urn:resourcemap:problem:validation");
        Assert.Contains("galaxy", problem.FieldError("kind"));
    }

    [Fact]
    public async Task Admins_create_custom_regions_others_may_not()
    {
        var body = new { id = "test-shiraoi-noboribetsu", name_ja = "白老・登別", name_en = "Shiraoi and Noboribetsu", description = (string?)null, member_codes = new[] { "01578", "012301" } };

        await (await _client.PostAsJsonAsync("/api/regions", body, ApiFixture.Json)).ProblemAsync(401, "urn:resourcemap:problem:unauthorized");
        await (await api.Editor().PostAsJsonAsync("/api/regions", body, ApiFixture.Json)).ProblemAsync(403, "urn:resourcemap:problem:forbidden");

        var created = await (await api.Admin().PostAsJsonAsync("/api/regions", body, ApiFixture.Json)).JsonAsync(201);
        Assert.Equal("custom", created.GetProperty("kind").GetString());
        Assert.Equal(2, created.GetProperty("member_count").GetInt32());
        var fetched = await (await _client.GetAsync("/api/regions/test-shiraoi-noboribetsu?include=boundary")).JsonAsync(200);
        Assert.Equal("MultiPolygon", fetched.GetProperty("geometry").GetProperty("type").GetString());

        await (await api.Admin().PostAsJsonAsync("/api/regions", body, ApiFixture.Json)).ProblemAsync(409, "urn:resourcemap:problem:conflict");
    }

    [Fact]
    public async Task A_custom_region_with_an_unknown_member_is_rejected_and_nothing_is_stored()
    {
        var body = new { id = "test-bad-members", name_ja = "不正", name_en = "Bad", description = (string?)null, member_codes = new[] { "01230", "01999" } };
        var problem = await (await api.Admin().PostAsJsonAsync("/api/regions", body, ApiFixture.Json)).ProblemAsync(400, "urn:resourcemap:problem:validation");
        Assert.Contains("01999", problem.FieldError("member_codes"));
        await (await _client.GetAsync("/api/regions/test-bad-members")).ProblemAsync(404, "urn:resourcemap:problem:not-found");
    }
}
