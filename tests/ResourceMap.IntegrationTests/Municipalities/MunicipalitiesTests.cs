using System.Text.Json;
using NetTopologySuite.Geometries;
using ResourceMap.IntegrationTests.Infrastructure;

namespace ResourceMap.IntegrationTests.Municipalities;

[Collection(ApiCollection.Name)]
public class MunicipalitiesTests(ApiFixture api)
{
    private readonly HttpClient _client = api.Anonymous();

    [Fact]
    public async Task Every_coded_municipality_of_the_N03_file_is_served_with_a_correct_official_code()
    {
        var list = await (await _client.GetAsync("/api/municipalities")).JsonAsync(200);
        var items = list.GetProperty("items").EnumerateArray().ToList();

        Assert.Equal(1902, list.GetProperty("count").GetInt32());
        Assert.Equal(1902, items.Select(i => i.GetProperty("code").GetString()).Distinct().Count());
        foreach (var item in items)
        {
            // Independent check digit: weights 6,5,4,3,2; check = (11 − sum mod 11) mod 10.
            var code = item.GetProperty("code").GetString()!;
            var sum = code.Select((c, i) => (c - '0') * (6 - i)).Sum();
            Assert.Equal(code + (11 - sum % 11) % 10, item.GetProperty("official_code").GetString());
        }
    }

    [Fact]
    public async Task Noboribetsu_is_found_by_its_5_and_6_digit_codes()
    {
        foreach (var code in new[] { "01230", "012301" })
        {
            var municipality = await (await _client.GetAsync($"/api/municipalities/{code}")).JsonAsync(200);
            Assert.Equal("登別市", municipality.GetProperty("name").GetString());
            Assert.Equal("012301", municipality.GetProperty("official_code").GetString());
            Assert.Equal("胆振総合振興局", municipality.GetProperty("bureau").GetString());
            Assert.False(municipality.TryGetProperty("boundary", out _));
        }
    }

    [Fact]
    public async Task A_six_digit_code_with_a_wrong_check_digit_is_a_400_that_says_so()
    {
        var problem = await (await _client.GetAsync("/api/municipalities/012302")).ProblemAsync(400, "urn:resourcemap:problem:validation");
        Assert.Contains("check digit", problem.FieldError("code"));
        Assert.Contains("012301", problem.FieldError("code"));
    }

    [Theory]
    [InlineData("1230")]
    [InlineData("abcde")]
    [InlineData("99001")]
    public async Task Malformed_codes_are_400(string code) =>
        await (await _client.GetAsync($"/api/municipalities/{code}")).ProblemAsync(400, "urn:resourcemap:problem:validation");

    [Fact]
    public async Task An_unknown_but_well_formed_code_is_404() =>
        await (await _client.GetAsync("/api/municipalities/01999")).ProblemAsync(404, "urn:resourcemap:problem:not-found");

    [Fact]
    public async Task Hokkaido_has_194_codes_including_Sapporos_wards_and_the_Northern_Territories()
    {
        var list = await (await _client.GetAsync("/api/municipalities?prefecture=北海道")).JsonAsync(200);
        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(194, items.Count);
        Assert.Equal(10, items.Count(i => i.GetProperty("district_or_city").GetString() == "札幌市"));
        Assert.Equal(6, items.Count(i => i.GetProperty("is_unadministered").GetBoolean()));
        var byCode = await (await _client.GetAsync("/api/municipalities?prefecture=01")).JsonAsync(200);
        Assert.Equal(194, byCode.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task The_boundary_is_a_multipolygon_containing_the_representative_point()
    {
        var municipality = await (await _client.GetAsync("/api/municipalities/01584?include=boundary")).JsonAsync(200);
        var boundary = JsonSerializer.Deserialize<Geometry>(municipality.GetProperty("boundary").GetRawText(), ApiFixture.Json)!;
        Assert.IsType<MultiPolygon>(boundary);
        var point = municipality.GetProperty("representative_point");
        Assert.True(boundary.Contains(new Point(point.GetProperty("lng").GetDouble(), point.GetProperty("lat").GetDouble())));
    }

    [Fact]
    public async Task GeoJSON_is_served_as_a_feature_on_request()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/municipalities/01230");
        request.Headers.Accept.ParseAdd("application/geo+json");
        var response = await _client.SendAsync(request);
        var feature = await response.JsonAsync(200);
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Feature", feature.GetProperty("type").GetString());
        Assert.Equal("MultiPolygon", feature.GetProperty("geometry").GetProperty("type").GetString());
        Assert.Equal("登別市", feature.GetProperty("properties").GetProperty("name").GetString());
    }
}
