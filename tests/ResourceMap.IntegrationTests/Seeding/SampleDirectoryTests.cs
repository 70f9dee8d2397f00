using System.Text.Json;
using NetTopologySuite.Geometries;
using ResourceMap.IntegrationTests.Infrastructure;

namespace ResourceMap.IntegrationTests.Seeding;

[Collection(ApiCollection.Name)]
public class SampleDirectoryTests(ApiFixture api)
{
    private static readonly string[] SurveyArea = ["01205", "01230", "01233", "01571", "01575", "01578", "01584"];

    [Fact]
    public async Task The_sample_directory_covers_the_seven_survey_municipalities()
    {
        await using var connection = await api.OpenDatabaseAsync();
        var counts = new Dictionary<string, long>();
        await using (var command = new Npgsql.NpgsqlCommand(
                         "SELECT owner_municipality_code, count(*) FROM organizations WHERE source = 'sample' GROUP BY 1", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) counts[reader.GetString(0)] = reader.GetInt64(1);
        }
        Assert.True(counts.Values.Sum() >= 60, $"only {counts.Values.Sum()} sample organizations");
        Assert.Equal(SurveyArea, counts.Keys.Order());
        Assert.All(counts.Values, c => Assert.True(c >= 5));

        var levels = new List<string>();
        await using (var command = new Npgsql.NpgsqlCommand(
                         "SELECT DISTINCT sa.level FROM service_areas sa JOIN services s ON s.id = sa.service_id WHERE s.source = 'sample'", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) levels.Add(reader.GetString(0));
        }
        Assert.Equal(["multiple_municipalities", "municipality", "national", "part_of_municipality", "prefecture", "region"], levels.Order());
    }

    [Fact]
    public async Task A_fresh_database_holds_the_sample_s_sharing_scopes_and_restricted_fields_as_in_the_file()
    {
        var expected = SampleDirectoryFile.Services;
        Assert.Equal(108, expected.Count);
        Assert.Equal(new Dictionary<string, int> { ["owner"] = 1, ["partners"] = 2, ["public"] = 105 },
            expected.GroupBy(s => s.SharingScope).ToDictionary(g => g.Key, g => g.Count()));

        await using var connection = await api.OpenDatabaseAsync();
        await using var command = new Npgsql.NpgsqlCommand("""
            SELECT s.id, s.sharing_scope, s.shared_with_regions, s.restricted_phone, s.restricted_email, s.capacity_details, o.contact_person
            FROM services s JOIN organizations o ON o.id = s.organization_id WHERE s.source = 'sample'
            """, connection);
        var loaded = new Dictionary<Guid, SampleDirectoryFile.SampleService>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            while (await reader.ReadAsync())
            {
                var id = reader.GetGuid(0);
                var sample = expected.Single(s => s.Id == id);
                loaded[id] = sample with
                {
                    SharingScope = reader.GetString(1),
                    SharedWithRegions = reader.GetFieldValue<string[]>(2),
                    RestrictedPhone = Text(3),
                    RestrictedEmail = Text(4),
                    CapacityDetails = Text(5),
                    ContactPerson = Text(6),
                };
            }
        }
        Assert.Equal(expected.Count, loaded.Count);
        foreach (var sample in expected)
        {
            var row = loaded[sample.Id];
            Assert.Equal((sample.SharingScope, sample.RestrictedPhone, sample.RestrictedEmail, sample.CapacityDetails, sample.ContactPerson),
                (row.SharingScope, row.RestrictedPhone, row.RestrictedEmail, row.CapacityDetails, row.ContactPerson));
            Assert.Equal(sample.SharedWithRegions, row.SharedWithRegions);
        }
    }

    [Fact]
    public async Task Every_sample_site_lies_inside_its_municipality()
    {
        var boundaries = new Dictionary<string, Geometry>();
        foreach (var code in SurveyArea)
        {
            var municipality = await (await api.Anonymous().GetAsync($"/api/municipalities/{code}?include=boundary")).JsonAsync(200);
            boundaries[code] = JsonSerializer.Deserialize<Geometry>(municipality.GetProperty("boundary").GetRawText(), ApiFixture.Json)!;
        }
        var checkedSites = 0;
        foreach (var code in SurveyArea)
        {
            var page = await (await api.Anonymous().GetAsync($"/api/locations?municipality={code}&page_size=100")).JsonAsync(200);
            foreach (var site in page.GetProperty("items").EnumerateArray())
            {
                var point = new Point(site.GetProperty("lng").GetDouble(), site.GetProperty("lat").GetDouble());
                // Town points of the gazetteer against simplified boundaries: within ~2 km (0.02°) of the shape.
                Assert.True(boundaries[code].IsWithinDistance(point, 0.02), $"{site.GetProperty("address")} is not in {code}");
                checkedSites++;
            }
        }
        Assert.True(checkedSites >= 60, $"only {checkedSites} sites checked");
    }

    [Fact]
    public async Task The_health_endpoint_reports_ready_when_the_database_answers()
    {
        var response = await api.Anonymous().GetAsync("/health/ready");
        var health = await response.JsonAsync(200);
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Equal("healthy", health.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Empty(health.GetProperty("unhealthy").EnumerateArray());
    }

    [Fact]
    public async Task The_taxonomy_serves_codes_with_japanese_and_english_labels()
    {
        var categories = await (await api.Anonymous().GetAsync("/api/taxonomy/service_category")).JsonAsync(200);
        var terms = categories.GetProperty("terms").EnumerateArray().ToList();
        Assert.Equal(["ibasho", "consultation", "outreach", "other"], terms.Select(t => t.GetProperty("code").GetString()));
        Assert.Equal("居場所づくり", terms[0].GetProperty("label_ja").GetString());
        var vocabularies = await (await api.Anonymous().GetAsync("/api/taxonomy")).JsonAsync(200);
        Assert.Contains(vocabularies.EnumerateArray(), v => v.GetProperty("id").GetString() == "service_area_level" && v.GetProperty("term_count").GetInt32() == 6);
        await (await api.Anonymous().GetAsync("/api/taxonomy/colours")).ProblemAsync(404, "urn:resourcemap:problem:not-found");
    }
}
