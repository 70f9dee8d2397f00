using System.Net;
using System.Text.Json;
using NetTopologySuite.Geometries;
using ResourceMap.IntegrationTests.Infrastructure;

namespace ResourceMap.IntegrationTests.Services;

[Collection(ApiCollection.Name)]
public class ServiceTests(ApiFixture api)
{
    private const string Validation = "urn:resourcemap:problem:validation";

    private async Task<(Guid Organization, Guid Location)> OrganizationWithSiteAsync()
    {
        var organization = await (await api.Editor().SendJsonAsync(HttpMethod.Post, "/api/organizations", TestData.Organization())).JsonAsync(201);
        var location = await (await api.Editor().SendJsonAsync(HttpMethod.Post, "/api/locations", TestData.Location())).JsonAsync(201);
        return (organization.GetProperty("id").GetGuid(), location.GetProperty("id").GetGuid());
    }

    private async Task<JsonElement> CreateAsync(object body) =>
        await (await api.Editor().SendJsonAsync(HttpMethod.Post, "/api/services", body)).JsonAsync(201);

    [Fact]
    public async Task A_service_round_trips_with_its_site_hours_and_municipal_service_area()
    {
        var (organization, location) = await OrganizationWithSiteAsync();
        var created = await CreateAsync(TestData.Service(organization, [location]));
        var id = created.GetProperty("id").GetGuid();

        var read = await (await api.Anonymous().GetAsync($"/api/services/{id}")).JsonAsync(200);
        Assert.Equal("ibasho", read.GetProperty("category").GetString());
        Assert.Equal(location, read.GetProperty("locations")[0].GetProperty("id").GetGuid());
        Assert.Equal("01230", read.GetProperty("owner_municipality_code").GetString());
        Assert.True(read.GetProperty("anonymous_ok").GetBoolean());
        var night = read.GetProperty("hours").EnumerateArray().Single(h => h.GetProperty("day").GetString() == "fri");
        Assert.Equal("20:00", night.GetProperty("opens").GetString());
        Assert.Equal("02:00", night.GetProperty("closes").GetString());
        var area = read.GetProperty("service_area");
        Assert.Equal("municipality", area.GetProperty("level").GetString());
        Assert.Equal(["01230"], area.GetProperty("covered_municipality_codes").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task Each_service_area_level_derives_its_covered_municipalities_in_PostGIS()
    {
        var (organization, location) = await OrganizationWithSiteAsync();
        async Task<List<string?>> Covered(object area) =>
            (await CreateAsync(TestData.Service(organization, [location], area)))
                .GetProperty("service_area").GetProperty("covered_municipality_codes").EnumerateArray().Select(c => c.GetString()).ToList();

        Assert.Equal(["01205", "01230", "01233", "01571", "01575", "01584"], await Covered(TestData.Area("region", region: "nishi-iburi")));
        Assert.Equal(["01230", "01578"], await Covered(TestData.Area("multiple_municipalities", codes: ["01578", "012301"])));
        var hokkaido = await Covered(TestData.Area("prefecture", prefecture: "01"));
        Assert.Equal(194, hokkaido.Count);
        Assert.All(hokkaido, c => Assert.StartsWith("01", c));
        Assert.Empty(await Covered(TestData.Area("national")));
        Assert.Equal(["01230"], await Covered(TestData.Area("part_of_municipality", codes: ["01230"], district: "鷲別地区")));
    }

    [Fact]
    public async Task A_drawn_district_is_clipped_to_its_municipality_and_stored_as_geometry()
    {
        var (organization, location) = await OrganizationWithSiteAsync();
        // A square straddling 登別's boundary with the sea: only the land part inside 登別 remains.
        var square = new
        {
            type = "Polygon", coordinates = new[] { new[] {
            new[] { 141.09, 42.38 }, new[] { 141.13, 42.38 }, new[] { 141.13, 42.43 }, new[] { 141.09, 42.43 }, new[] { 141.09, 42.38 } } }
        };
        var created = await CreateAsync(TestData.Service(organization, [location],
            TestData.Area("part_of_municipality", codes: ["01230"], district: "幌別地区", drawn: square)));
        var id = created.GetProperty("id").GetGuid();

        await using var connection = await api.OpenDatabaseAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT ST_Area(sa.geometry::geography), ST_Area(ST_GeomFromText(@wkt, 4326)::geography), ST_CoveredBy(sa.geometry, ST_Buffer(m.boundary, 0.000001)) " +
            "FROM service_areas sa, municipalities m WHERE sa.service_id = @id AND m.code = '01230'", connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("wkt", "POLYGON((141.09 42.38, 141.13 42.38, 141.13 42.43, 141.09 42.43, 141.09 42.38))");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var clipped = reader.GetDouble(0);
        var drawn = reader.GetDouble(1);
        Assert.True(clipped > 0 && clipped < drawn, $"clipped {clipped} m² should be smaller than the drawn {drawn} m²");
        Assert.True(reader.GetBoolean(2));
    }

    [Fact]
    public async Task Service_area_shapes_are_validated_per_level()
    {
        var (organization, location) = await OrganizationWithSiteAsync();
        async Task<JsonElement> Rejected(object area) =>
            await (await api.Editor().SendJsonAsync(HttpMethod.Post, "/api/services", TestData.Service(organization, [location], area)))
                .ProblemAsync(400, Validation);

        Assert.Contains("exactly one", (await Rejected(TestData.Area("municipality", codes: ["01230", "01205"]))).FieldError("service_area.municipality_codes"));
        Assert.Contains("region_id", (await Rejected(TestData.Area("region"))).FieldError("service_area.region_id"));
        Assert.Contains("no-such-zone", (await Rejected(TestData.Area("region", region: "no-such-zone"))).FieldError("service_area.region_id"));
        Assert.Contains("01999", (await Rejected(TestData.Area("multiple_municipalities", codes: ["01230", "01999"]))).FieldError("service_area.municipality_codes"));
        Assert.Contains("01–47", (await Rejected(TestData.Area("prefecture", prefecture: "48"))).FieldError("service_area.prefecture_code"));
        Assert.Contains("galactic", (await Rejected(TestData.Area("galactic"))).FieldError("service_area.level"));
        var bowtie = new
        {
            type = "Polygon", coordinates = new[] { new[] {
            new[] { 141.09, 42.40 }, new[] { 141.13, 42.43 }, new[] { 141.13, 42.40 }, new[] { 141.09, 42.43 }, new[] { 141.09, 42.40 } } }
        };
        Assert.Contains("not a valid polygon", (await Rejected(TestData.Area("part_of_municipality", codes: ["01230"], drawn: bowtie))).FieldError("service_area.drawn_area"));
    }

    [Fact]
    public async Task Invalid_codes_hours_and_references_are_named()
    {
        var (organization, _) = await OrganizationWithSiteAsync();
        var body = TestData.Service(organization, [Guid.NewGuid()]);
        body["category"] = "karaoke";
        body["target_groups"] = new[] { "children", "aliens" };
        body["hours"] = new[] { new { day = "funday", opens = "25:00", closes = "10:00" } };
        var problem = await (await api.Editor().SendJsonAsync(HttpMethod.Post, "/api/services", body)).ProblemAsync(400, Validation);
        Assert.Contains("karaoke", problem.FieldError("category"));
        Assert.Contains("aliens", problem.FieldError("target_groups"));
        Assert.Contains("funday", problem.FieldError("hours[0].day"));
        Assert.Contains("HH:mm", problem.FieldError("hours[0].opens"));

        var missingRefs = TestData.Service(Guid.NewGuid(), [Guid.NewGuid()]);
        var refs = await (await api.Editor().SendJsonAsync(HttpMethod.Post, "/api/services", missingRefs)).ProblemAsync(400, Validation);
        Assert.NotEmpty(refs.FieldError("organization_id"));
        Assert.NotEmpty(refs.FieldError("location_ids"));
    }

    [Fact]
    public async Task A_rejected_update_leaves_the_service_and_its_area_as_they_were()
    {
        var (organization, location) = await OrganizationWithSiteAsync();
        var response = await api.Editor().SendJsonAsync(HttpMethod.Post, "/api/services", TestData.Service(organization, [location]));
        var id = (await response.JsonAsync(201)).GetProperty("id").GetGuid();
        var etag = response.Headers.ETag!.ToString();

        await (await api.Editor().SendJsonAsync(HttpMethod.Patch, $"/api/services/{id}",
            new { service_area = new { level = "region", municipality_codes = Array.Empty<string>(), region_id = "nowhere" } }, ifMatch: etag))
            .ProblemAsync(400, Validation);
        var read = await (await api.Anonymous().GetAsync($"/api/services/{id}")).JsonAsync(200);
        Assert.Equal("municipality", read.GetProperty("service_area").GetProperty("level").GetString());

        var patched = await (await api.Editor().SendJsonAsync(HttpMethod.Patch, $"/api/services/{id}",
            new { service_area = new { level = "region", municipality_codes = Array.Empty<string>(), region_id = "nishi-iburi" } }, ifMatch: etag)).JsonAsync(200);
        Assert.Equal(6, patched.GetProperty("service_area").GetProperty("covered_municipality_codes").GetArrayLength());
        await (await api.Editor().SendJsonAsync(HttpMethod.Patch, $"/api/services/{id}", new { name = "stale" }, ifMatch: etag))
            .ProblemAsync(412, "urn:resourcemap:problem:precondition-failed");
    }

    [Fact]
    public async Task Archiving_an_organisation_archives_its_services_which_leave_lists_but_stay_readable()
    {
        var (organization, location) = await OrganizationWithSiteAsync();
        var service = await CreateAsync(TestData.Service(organization, [location]));
        var id = service.GetProperty("id").GetGuid();
        var before = await (await api.Anonymous().GetAsync($"/api/services?organization_id={organization}")).JsonAsync(200);
        Assert.Equal(1, before.GetProperty("total").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await api.Editor().DeleteAsync($"/api/organizations/{organization}")).StatusCode);
        var after = await (await api.Anonymous().GetAsync($"/api/services?organization_id={organization}")).JsonAsync(200);
        Assert.Equal(0, after.GetProperty("total").GetInt32());
        Assert.True((await (await api.Anonymous().GetAsync($"/api/services/{id}")).JsonAsync(200)).GetProperty("archived").GetBoolean());
    }
}
