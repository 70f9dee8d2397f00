using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResourceMap.IntegrationTests.Infrastructure;

namespace ResourceMap.IntegrationTests.Audit;

[Collection(ApiCollection.Name)]
public class AuditTests(ApiFixture api)
{
    private async Task<List<JsonElement>> HistoryAsync(string query)
    {
        var body = await (await api.Admin().GetAsync($"/api/audit?{query}")).JsonAsync(200);
        return body.GetProperty("items").EnumerateArray().ToList();
    }

    [Fact]
    public async Task Create_update_and_archive_of_an_organization_are_recorded_with_who_and_before_and_after()
    {
        var editor = api.Editor();
        var body = TestData.Organization();
        var createdResponse = await editor.SendJsonAsync(HttpMethod.Post, "/api/organizations", body);
        var id = (await createdResponse.JsonAsync(201)).GetProperty("id").GetGuid();

        body["description"] = "活動内容を更新しました。";
        var updated = await editor.SendJsonAsync(HttpMethod.Put, $"/api/organizations/{id}", body,
            ifMatch: createdResponse.Headers.ETag!.ToString());
        await updated.JsonAsync(200);
        Assert.Equal(HttpStatusCode.NoContent, (await editor.DeleteAsync($"/api/organizations/{id}")).StatusCode);

        var entries = await HistoryAsync($"entity_type=organization&entity_id={id}");
        Assert.Equal(["create", "update", "archive"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.All(entries, e =>
        {
            Assert.Equal("test-editor", e.GetProperty("actor").GetString());
            Assert.Equal("organization", e.GetProperty("entity_type").GetString());
            Assert.Equal(id.ToString(), e.GetProperty("entity_id").GetString());
        });

        var create = entries[0];
        Assert.Equal(JsonValueKind.Null, create.GetProperty("before").ValueKind);
        Assert.Equal(body["name"], create.GetProperty("after").GetProperty("name").GetString());
        Assert.Equal("01230", create.GetProperty("after").GetProperty("owner_municipality_code").GetString());

        var update = entries[1];
        Assert.Equal("登別市内で子ども食堂を運営しています。", update.GetProperty("before").GetProperty("description").GetString());
        Assert.Equal("活動内容を更新しました。", update.GetProperty("after").GetProperty("description").GetString());

        var archive = entries[2];
        Assert.Equal(JsonValueKind.Null, archive.GetProperty("before").GetProperty("archived_at").ValueKind);
        Assert.Equal(JsonValueKind.String, archive.GetProperty("after").GetProperty("archived_at").ValueKind);

        // History survives the archive, and the record is still readable.
        await (await api.Anonymous().GetAsync($"/api/organizations/{id}")).JsonAsync(200);

        // Keyset paging walks the same entries one at a time.
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await api.Admin().GetAsync(
                $"/api/audit?entity_id={id}&limit=1" + (cursor is null ? "" : $"&cursor={cursor}"))).JsonAsync(200);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()!));
            cursor = page.GetProperty("next_cursor").GetString();
        } while (cursor is not null && seen.Count < 10);
        Assert.Equal(["create", "update", "archive"], seen);

        // By person: the editor's changes include these.
        var byActor = await HistoryAsync("actor=test-editor&limit=500&entity_type=organization");
        Assert.Contains(byActor, e => e.GetProperty("entity_id").GetString() == id.ToString());
    }

    [Fact]
    public async Task A_service_write_records_the_service_its_area_and_its_sites()
    {
        var editor = api.Editor();
        var organization = await (await editor.SendJsonAsync(HttpMethod.Post, "/api/organizations", TestData.Organization())).JsonAsync(201);
        var location = await (await editor.SendJsonAsync(HttpMethod.Post, "/api/locations", TestData.Location())).JsonAsync(201);
        var service = await (await editor.SendJsonAsync(HttpMethod.Post, "/api/services",
            TestData.Service(organization.GetProperty("id").GetGuid(), [location.GetProperty("id").GetGuid()]))).JsonAsync(201);
        var serviceId = service.GetProperty("id").GetString();

        var entries = await HistoryAsync($"entity_id={serviceId}");
        var kinds = entries.Select(e => $"{e.GetProperty("entity_type").GetString()}:{e.GetProperty("action").GetString()}").ToList();
        Assert.Contains("service:create", kinds);
        Assert.Contains("service_area:create", kinds);
        Assert.Contains("service_at_location:create", kinds);
        var link = entries.Single(e => e.GetProperty("entity_type").GetString() == "service_at_location");
        Assert.Equal(location.GetProperty("id").GetString(), link.GetProperty("after").GetProperty("location_id").GetString());

        var locationEntries = await HistoryAsync($"entity_type=location&entity_id={location.GetProperty("id").GetString()}");
        var point = Assert.Single(locationEntries).GetProperty("after").GetProperty("point");
        Assert.Equal("Point", point.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Creating_a_region_records_the_region_and_its_members_under_the_admin()
    {
        var body = new { id = "audit-test-region", name_ja = "監査テスト", name_en = "Audit test", description = (string?)null, member_codes = new[] { "01230", "01578" } };
        await (await api.Admin().PostAsJsonAsync("/api/regions", body, ApiFixture.Json)).JsonAsync(201);

        var entries = await HistoryAsync("entity_id=audit-test-region");
        Assert.All(entries, e => Assert.Equal("test-admin", e.GetProperty("actor").GetString()));
        var region = Assert.Single(entries, e => e.GetProperty("entity_type").GetString() == "region");
        Assert.Equal("監査テスト", region.GetProperty("after").GetProperty("name_ja").GetString());
        var members = entries.Where(e => e.GetProperty("entity_type").GetString() == "region_member")
            .Select(e => e.GetProperty("after").GetProperty("municipality_code").GetString()).Order().ToList();
        Assert.Equal(["01230", "01578"], members);
    }

    [Fact]
    public async Task Seeded_sample_records_are_attributed_to_the_seed()
    {
        var entries = await HistoryAsync("actor=system:seed&entity_type=organization&limit=5");
        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.Equal("create", e.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task A_rejected_write_leaves_no_audit_entry()
    {
        var editor = api.Editor();
        var first = TestData.Organization();
        await (await editor.SendJsonAsync(HttpMethod.Post, "/api/organizations", first)).JsonAsync(201);
        var duplicate = TestData.Organization(corporateNumber: (string)first["corporate_number"]!);
        await (await editor.SendJsonAsync(HttpMethod.Post, "/api/organizations", duplicate)).ProblemAsync(409, "urn:resourcemap:problem:conflict");

        await using var connection = await api.OpenDatabaseAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM audit_entries WHERE after->>'name' = @name", connection);
        command.Parameters.AddWithValue("name", (string)duplicate["name"]!);
        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);
        command.Parameters["name"].Value = (string)first["name"]!;
        Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Only_admins_read_the_audit()
    {
        await (await api.Anonymous().GetAsync("/api/audit")).ProblemAsync(401, "urn:resourcemap:problem:unauthorized");
        await (await api.Editor().GetAsync("/api/audit")).ProblemAsync(403, "urn:resourcemap:problem:forbidden");
    }

    [Fact]
    public async Task Bad_filters_are_400()
    {
        var problem = await (await api.Admin().GetAsync("/api/audit?entity_type=person&limit=0&cursor=zzz"))
            .ProblemAsync(400, "urn:resourcemap:problem:validation");
        Assert.NotEmpty(problem.FieldError("entity_type"));
        Assert.NotEmpty(problem.FieldError("limit"));
        Assert.NotEmpty(problem.FieldError("cursor"));
    }
}
