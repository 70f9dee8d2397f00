using System.Net;
using ResourceMap.IntegrationTests.Infrastructure;

namespace ResourceMap.IntegrationTests.Locations;

[Collection(ApiCollection.Name)]
public class LocationTests(ApiFixture api)
{
    private const string Validation = "urn:resourcemap:problem:validation";

    [Fact]
    public async Task A_site_inside_its_municipality_is_stored_as_a_point()
    {
        var created = await (await api.Editor().SendJsonAsync(HttpMethod.Post, "/api/locations", TestData.Location())).JsonAsync(201);
        Assert.Equal("01230", created.GetProperty("municipality_code").GetString());
        Assert.Equal(42.413, created.GetProperty("lat").GetDouble(), 6);
        Assert.Equal(141.106, created.GetProperty("lng").GetDouble(), 6);
    }

    [Fact]
    public async Task The_municipality_is_taken_from_the_point_when_omitted_and_6_digit_codes_are_accepted()
    {
        var derived = await (await api.Editor().SendJsonAsync(HttpMethod.Post, "/api/locations", TestData.Location(municipality: null))).JsonAsync(201);
        Assert.Equal("01230", derived.GetProperty("municipality_code").GetString());
        var official = await (await api.Editor().SendJsonAsync(HttpMethod.Post, "/api/locations", TestData.Location(municipality: "012301"))).JsonAsync(201);
        Assert.Equal("01230", official.GetProperty("municipality_code").GetString());
    }

    [Fact]
    public async Task A_point_in_another_municipality_is_rejected_naming_both()
    {
        // 室蘭市役所 area (室蘭市幸町), stated as 登別市: about 10 km outside 登別's boundary.
        var problem = await (await api.Editor().SendJsonAsync(HttpMethod.Post, "/api/locations", TestData.Location(42.3152, 140.9737, "01230")))
            .ProblemAsync(400, Validation);
        var reason = problem.FieldError("municipality_code");
        Assert.Contains("登別市", reason);
        Assert.Contains("室蘭市", reason);
    }

    [Fact]
    public async Task A_point_at_sea_within_2_km_of_the_coast_is_accepted_but_not_3_km_out()
    {
        // Due south of 登別's coast: about 1.1 km and 3.3 km from the boundary, inside no municipality.
        await (await api.Editor().SendJsonAsync(HttpMethod.Post, "/api/locations", TestData.Location(42.3865, 141.10, "01230"))).JsonAsync(201);
        var problem = await (await api.Editor().SendJsonAsync(HttpMethod.Post, "/api/locations", TestData.Location(42.3550, 141.10, "01230")))
            .ProblemAsync(400, Validation);
        Assert.Contains("outside Japan", problem.FieldError("lat"));
    }

    [Theory]
    [InlineData(37.5665, 126.9780)] // Seoul: inside the bounding box, outside Japan
    [InlineData(40.0, 135.0)]       // the Sea of Japan
    public async Task A_point_outside_Japan_is_rejected(double lat, double lng)
    {
        var problem = await (await api.Editor().SendJsonAsync(HttpMethod.Post, "/api/locations", TestData.Location(lat, lng, null)))
            .ProblemAsync(400, Validation);
        Assert.Contains("outside Japan", problem.FieldError("lat"));
    }

    [Fact]
    public async Task Swapped_latitude_and_longitude_are_named()
    {
        var problem = await (await api.Editor().SendJsonAsync(HttpMethod.Post, "/api/locations", TestData.Location(141.106, 42.413)))
            .ProblemAsync(400, Validation);
        Assert.Contains("swapped", problem.FieldError("lat"));
        Assert.Contains("swapped", problem.FieldError("lng"));
    }

    [Fact]
    public async Task Moving_a_site_is_checked_again_and_archived_sites_leave_lists()
    {
        var editor = api.Editor();
        var response = await editor.SendJsonAsync(HttpMethod.Post, "/api/locations", TestData.Location());
        var id = (await response.JsonAsync(201)).GetProperty("id").GetGuid();
        await (await editor.SendJsonAsync(HttpMethod.Patch, $"/api/locations/{id}", new { lat = 42.3152, lng = 140.9737 }))
            .ProblemAsync(400, Validation);
        var unchanged = await (await api.Anonymous().GetAsync($"/api/locations/{id}")).JsonAsync(200);
        Assert.Equal(42.413, unchanged.GetProperty("lat").GetDouble(), 6);

        var moved = await (await editor.SendJsonAsync(HttpMethod.Patch, $"/api/locations/{id}",
            new { lat = 42.3152, lng = 140.9737, municipality_code = "01205", address = "北海道室蘭市幸町1-2" })).JsonAsync(200);
        Assert.Equal("01205", moved.GetProperty("municipality_code").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await editor.DeleteAsync($"/api/locations/{id}")).StatusCode);
        var list = await (await api.Anonymous().GetAsync("/api/locations?municipality=01205&page_size=100")).JsonAsync(200);
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), l => l.GetProperty("id").GetGuid() == id);
        Assert.True((await (await api.Anonymous().GetAsync($"/api/locations/{id}")).JsonAsync(200)).GetProperty("archived").GetBoolean());
    }
}
