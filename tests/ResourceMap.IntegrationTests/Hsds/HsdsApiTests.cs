using System.IO.Compression;
using System.Text.Json;
using ResourceMap.Api.Hsds;
using ResourceMap.IntegrationTests.Infrastructure;

namespace ResourceMap.IntegrationTests.Hsds;

[Collection(ApiCollection.Name)]
public class HsdsApiTests(ApiFixture api)
{
    private static async Task<JsonElement> GetAsync(HttpClient client, string url, int status = 200) =>
        await (await client.GetAsync(url)).JsonAsync(status);

    /// <summary>Every page of an HSDS list, each validated as a Page of <paramref name="itemSchema"/>.</summary>
    private static async Task<List<JsonElement>> AllPagesAsync(HttpClient client, string url, string itemSchema, int perPage = 50)
    {
        var items = new List<JsonElement>();
        for (var page = 1; ; page++)
        {
            var separator = url.Contains('?') ? '&' : '?';
            var body = await GetAsync(client, $"{url}{separator}page={page}&per_page={perPage}");
            items.AddRange(HsdsSchemas.AssertPage(body, itemSchema, $"{url} page {page}"));
            Assert.Equal(body.GetProperty("total_pages").GetInt32() <= page, body.GetProperty("last_page").GetBoolean());
            if (body.GetProperty("last_page").GetBoolean())
            {
                Assert.Equal(body.GetProperty("total_items").GetInt32(), items.Count);
                return items;
            }
        }
    }

    private static async Task<int> DirectoryTotalAsync(HttpClient client, string query = "") =>
        (await GetAsync(client, $"/api/services?page_size=1{query}")).GetProperty("total").GetInt32();

    [Fact]
    public async Task The_root_names_the_version_the_Japan_profile_and_the_OpenAPI_document()
    {
        var root = await GetAsync(api.Anonymous(), "/hsds/");
        HsdsSchemas.AssertValid("root", root, "/hsds/");
        Assert.Equal("3.0", root.GetProperty("version").GetString());
        var profile = new Uri(root.GetProperty("profile").GetString()!);
        Assert.Equal("/hsds/profile", profile.AbsolutePath);
        Assert.Equal("/openapi/v1.json", new Uri(root.GetProperty("openapi_url").GetString()!).AbsolutePath);
        var text = await (await api.Anonymous().GetAsync(profile.AbsolutePath)).Content.ReadAsStringAsync();
        Assert.Contains("JP-CN", text);
    }

    [Fact]
    public async Task Every_public_service_validates_against_the_HSDS_schemas_in_list_and_full_form()
    {
        var client = api.Anonymous();
        var list = await AllPagesAsync(client, "/hsds/services", "service_list.json");
        Assert.Equal(await DirectoryTotalAsync(client), list.Count);
        Assert.True(list.Count >= 100, $"the sample directory has over 100 public services, got {list.Count}");
        Assert.All(list, s => Assert.Equal("active", s.GetProperty("status").GetString()));

        var full = await AllPagesAsync(client, "/hsds/services?full_service=true", "service.json");
        Assert.Equal(list.Select(s => s.GetProperty("id").GetGuid()), full.Select(s => s.GetProperty("id").GetGuid()));
        Assert.Contains(full, s => s.GetProperty("schedules").GetArrayLength() > 0);
        Assert.Contains(full, s => s.GetProperty("service_at_locations").GetArrayLength() > 0);

        foreach (var summary in list)
        {
            var id = summary.GetProperty("id").GetGuid();
            var service = await GetAsync(client, $"/hsds/services/{id}");
            HsdsSchemas.AssertValid("service.json", service, $"/hsds/services/{id}");
            Assert.Equal(summary.GetProperty("name").GetString(), service.GetProperty("name").GetString());
            Assert.Single(service.GetProperty("service_areas").EnumerateArray());
            Assert.Contains(service.GetProperty("attributes").EnumerateArray(),
                a => a.GetProperty("taxonomy_term").GetProperty("taxonomy").GetString() == "service_category");
        }

        var minimal = await GetAsync(client, "/hsds/services?minimal=true");
        var items = HsdsSchemas.AssertPage(minimal, "service_list.json", "minimal");
        Assert.Equal(list.Count, items.Count);
        Assert.All(items, i => Assert.False(i.TryGetProperty("description", out _)));
    }

    [Fact]
    public async Task Organisations_service_at_locations_taxonomies_and_terms_validate_and_resolve_by_id()
    {
        var client = api.Anonymous();
        var organizations = await AllPagesAsync(client, "/hsds/organizations", "organization_list.json");
        Assert.True(organizations.Count >= 60);
        foreach (var summary in organizations.Take(30))
        {
            var id = summary.GetProperty("id").GetGuid();
            var organization = await GetAsync(client, $"/hsds/organizations/{id}?full_service=true");
            HsdsSchemas.AssertValid("organization.json", organization, $"/hsds/organizations/{id}");
            foreach (var service in organization.GetProperty("services").EnumerateArray())
                HsdsSchemas.AssertValid("service.json", service, $"/hsds/organizations/{id} services[]");
            var plain = await GetAsync(client, $"/hsds/organizations/{id}");
            HsdsSchemas.AssertValid("organization.json", plain, $"/hsds/organizations/{id}");
            foreach (var service in plain.GetProperty("services").EnumerateArray())
                HsdsSchemas.AssertValid("service.json", service, $"/hsds/organizations/{id} services[]");
        }
        var full = HsdsSchemas.AssertPage(await GetAsync(client, "/hsds/organizations?full_service=true&per_page=5"), "organization.json", "full orgs");
        Assert.Contains(full, o => o.GetProperty("services").GetArrayLength() > 0);

        var links = await AllPagesAsync(client, "/hsds/service_at_locations", "service_at_location_list.json");
        Assert.NotEmpty(links);
        foreach (var link in links.Take(30))
        {
            var id = link.GetProperty("id").GetGuid();
            var read = await GetAsync(client, $"/hsds/service_at_locations/{id}");
            HsdsSchemas.AssertValid("service_at_location.json", read, $"/hsds/service_at_locations/{id}");
            HsdsSchemas.AssertValid("service.json", read.GetProperty("service"), $"/hsds/service_at_locations/{id} service");
            Assert.Equal(link.GetProperty("service_id").GetGuid(), read.GetProperty("service_id").GetGuid());
            Assert.Equal(link.GetProperty("location_id").GetGuid(), read.GetProperty("location_id").GetGuid());
            var address = read.GetProperty("location").GetProperty("addresses")[0];
            Assert.Equal("JP", address.GetProperty("country").GetString());
            Assert.False(string.IsNullOrEmpty(address.GetProperty("city").GetString()));
        }

        var taxonomies = await AllPagesAsync(client, "/hsds/taxonomies", "taxonomy.json");
        Assert.Equal(4, taxonomies.Count);
        foreach (var taxonomy in taxonomies)
            HsdsSchemas.AssertValid("taxonomy.json", await GetAsync(client, $"/hsds/taxonomies/{taxonomy.GetProperty("id").GetGuid()}"), "taxonomy");
        var terms = await AllPagesAsync(client, "/hsds/taxonomy_terms", "taxonomy_term.json");
        var ibasho = Assert.Single(terms, t => t.GetProperty("code").GetString() == "ibasho");
        Assert.Equal("居場所づくり", ibasho.GetProperty("name").GetString());
        Assert.Equal("ja", ibasho.GetProperty("language").GetString());
        Assert.Equal(HsdsIds.Term("service_category", "ibasho"), ibasho.GetProperty("id").GetGuid());
        var read1 = await GetAsync(client, $"/hsds/taxonomy_terms/{ibasho.GetProperty("id").GetGuid()}");
        HsdsSchemas.AssertValid("taxonomy_term.json", read1, "term");
        Assert.Equal("service_category", read1.GetProperty("taxonomy_detail").GetProperty("name").GetString() is { } n && n.Length > 0
            ? read1.GetProperty("taxonomy").GetString() : null);
        var categoryTerms = await AllPagesAsync(client, $"/hsds/taxonomy_terms?taxonomy_id={HsdsIds.Taxonomy("service_category")}", "taxonomy_term.json");
        Assert.All(categoryTerms, t => Assert.Equal("service_category", t.GetProperty("taxonomy").GetString()));

        await (await client.GetAsync($"/hsds/services/{Guid.NewGuid()}")).ProblemAsync(404, "urn:resourcemap:problem:not-found");
        await (await client.GetAsync($"/hsds/taxonomy_terms/{Guid.NewGuid()}")).ProblemAsync(404, "urn:resourcemap:problem:not-found");
        await (await client.GetAsync($"/hsds/service_at_locations/{Guid.NewGuid()}")).ProblemAsync(404, "urn:resourcemap:problem:not-found");
        var tooMany = await (await client.GetAsync("/hsds/services?per_page=1000")).ProblemAsync(400, "urn:resourcemap:problem:validation");
        Assert.Contains("per_page", tooMany.FieldError("per_page"));
    }

    [Fact]
    public async Task Taxonomy_filters_search_and_organisation_match_the_directory()
    {
        var client = api.Anonymous();
        var ibasho = await AllPagesAsync(client, $"/hsds/services?taxonomy_term_id={HsdsIds.Term("service_category", "ibasho")}", "service_list.json");
        Assert.Equal(await DirectoryTotalAsync(client, "&category=ibasho"), ibasho.Count);
        Assert.NotEmpty(ibasho);
        var children = await AllPagesAsync(client, $"/hsds/services?taxonomy_term_id={HsdsIds.Term("target_group", "children")}&full_service=true", "service.json");
        Assert.NotEmpty(children);
        Assert.All(children, s => Assert.Contains(s.GetProperty("attributes").EnumerateArray(), a => a.GetProperty("value").GetString() == "children"));
        var all = await AllPagesAsync(client, "/hsds/services", "service_list.json");
        Assert.True(children.Count < all.Count);

        var organization = all[0].GetProperty("organization_id").GetGuid();
        var own = await AllPagesAsync(client, $"/hsds/services?organization_id={organization}", "service_list.json");
        Assert.All(own, s => Assert.Equal(organization, s.GetProperty("organization_id").GetGuid()));

        var searched = await AllPagesAsync(client, "/hsds/services?search=" + Uri.EscapeDataString("居場所"), "service_list.json");
        Assert.NotEmpty(searched);
        Assert.True(searched.Count < all.Count);
        var unknown = await (await client.GetAsync($"/hsds/services?taxonomy_term_id={Guid.NewGuid()}")).ProblemAsync(400, "urn:resourcemap:problem:validation");
        Assert.Contains("taxonomy term", unknown.FieldError("taxonomy_term_id"));
    }

    [Fact]
    public async Task Japan_fields_map_to_JP_CN_identifiers_weekly_RRULE_schedules_and_service_area_extents()
    {
        var editor = api.Editor();
        var corporateNumber = TestData.NewCorporateNumber();
        var organization = (await (await editor.SendJsonAsync(HttpMethod.Post, "/api/organizations", TestData.Organization(corporateNumber: corporateNumber))).JsonAsync(201)).GetProperty("id").GetGuid();
        var location = (await (await editor.SendJsonAsync(HttpMethod.Post, "/api/locations", TestData.Location())).JsonAsync(201)).GetProperty("id").GetGuid();
        var square = new
        {
            type = "Polygon", coordinates = new[] { new[] {
            new[] { 141.09, 42.38 }, new[] { 141.13, 42.38 }, new[] { 141.13, 42.43 }, new[] { 141.09, 42.43 }, new[] { 141.09, 42.38 } } }
        };
        var service = (await (await editor.SendJsonAsync(HttpMethod.Post, "/api/services", TestData.Service(organization, [location],
            TestData.Area("part_of_municipality", codes: ["01230"], district: "幌別地区", drawn: square)))).JsonAsync(201)).GetProperty("id").GetGuid();
        var regional = (await (await editor.SendJsonAsync(HttpMethod.Post, "/api/services", TestData.Service(organization, [location],
            TestData.Area("region", region: "nishi-iburi")))).JsonAsync(201)).GetProperty("id").GetGuid();

        var read = await GetAsync(api.Anonymous(), $"/hsds/services/{service}");
        HsdsSchemas.AssertValid("service.json", read, "new service");
        var identifier = Assert.Single(read.GetProperty("organization").GetProperty("organization_identifiers").EnumerateArray());
        Assert.Equal("JP-CN", identifier.GetProperty("identifier_scheme").GetString());
        Assert.Equal(corporateNumber, identifier.GetProperty("identifier").GetString());

        var schedules = read.GetProperty("schedules").EnumerateArray().ToList();
        Assert.Equal(2, schedules.Count);
        var friday = schedules.Single(s => s.GetProperty("byday").GetString() == "FR");
        Assert.Equal("WEEKLY", friday.GetProperty("freq").GetString());
        Assert.Equal("20:00", friday.GetProperty("opens_at").GetString());
        Assert.Equal("02:00", friday.GetProperty("closes_at").GetString());
        Assert.Equal(9, friday.GetProperty("timezone").GetInt32());
        Assert.Equal("金曜日 20:00〜翌02:00", friday.GetProperty("description").GetString());
        Assert.Equal("祝日は休み", friday.GetProperty("notes").GetString());

        var area = Assert.Single(read.GetProperty("service_areas").EnumerateArray());
        Assert.Equal("幌別地区", area.GetProperty("name").GetString());
        Assert.Equal("geojson", area.GetProperty("extent_type").GetString());
        var extent = JsonDocument.Parse(area.GetProperty("extent").GetString()!).RootElement;
        Assert.Contains(extent.GetProperty("type").GetString(), new[] { "Polygon", "MultiPolygon" });

        var wide = Assert.Single((await GetAsync(api.Anonymous(), $"/hsds/services/{regional}")).GetProperty("service_areas").EnumerateArray());
        Assert.Equal("西胆振", wide.GetProperty("name").GetString());
        Assert.Equal("jis_x_0402", wide.GetProperty("extent_type").GetString());
        Assert.Equal(["01205", "01230", "01233", "01571", "01575", "01584"], wide.GetProperty("extent").GetString()!.Split(' ').Order());

        var languages = read.GetProperty("languages").EnumerateArray().ToList();
        Assert.Contains(languages, l => l.TryGetProperty("code", out var c) && c.GetString() == "ja");
        var link = Assert.Single(read.GetProperty("service_at_locations").EnumerateArray());
        Assert.Equal(HsdsIds.ServiceAtLocation(service, location), link.GetProperty("id").GetGuid());
        Assert.Equal("北海道", link.GetProperty("location").GetProperty("addresses")[0].GetProperty("state_province").GetString());
    }

    [Fact]
    public async Task Sharing_scopes_apply_and_restricted_fields_never_appear()
    {
        var anonymous = api.Anonymous();
        var admin = api.Admin();
        var publicTotal = (await GetAsync(anonymous, "/hsds/services?per_page=1")).GetProperty("total_items").GetInt32();
        var adminTotal = (await GetAsync(admin, "/hsds/services?per_page=1")).GetProperty("total_items").GetInt32();
        Assert.Equal(await DirectoryTotalAsync(anonymous), publicTotal);
        Assert.Equal(await DirectoryTotalAsync(admin), adminTotal);
        Assert.True(adminTotal > publicTotal, "the sample has partners- and owner-scoped services the public does not see");

        var visible = (await AllPagesAsync(anonymous, "/hsds/services", "service_list.json")).Select(s => s.GetProperty("id").GetGuid()).ToHashSet();
        var hidden = (await AllPagesAsync(admin, "/hsds/services", "service_list.json")).Select(s => s.GetProperty("id").GetGuid())
            .Where(id => !visible.Contains(id)).ToList();
        Assert.NotEmpty(hidden);
        foreach (var id in hidden)
        {
            await (await anonymous.GetAsync($"/hsds/services/{id}")).ProblemAsync(404, "urn:resourcemap:problem:not-found");
            var full = await GetAsync(admin, $"/hsds/services/{id}");
            HsdsSchemas.AssertValid("service.json", full, "scoped service for an admin");
        }

        // The restricted values the database holds never leave through /hsds, not even for an admin.
        var restricted = new List<string>();
        await using (var connection = await api.OpenDatabaseAsync())
        {
            await using var command = new Npgsql.NpgsqlCommand(
                "SELECT unnest(ARRAY[restricted_phone, restricted_email, capacity_details]) FROM services " +
                "UNION SELECT unnest(ARRAY[contact_person, internal_notes]) FROM organizations", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) if (!reader.IsDBNull(0)) restricted.Add(reader.GetString(0));
        }
        Assert.NotEmpty(restricted);
        var everything = await (await admin.GetAsync("/hsds/services?full_service=true&per_page=100")).Content.ReadAsStringAsync();
        var organizations = await (await admin.GetAsync("/hsds/organizations?full_service=true&per_page=100")).Content.ReadAsStringAsync();
        foreach (var value in restricted.Where(v => v.Length >= 6))
        {
            Assert.DoesNotContain(JsonSerializer.Serialize(value)[1..^1], everything);
            Assert.DoesNotContain(JsonSerializer.Serialize(value)[1..^1], organizations);
        }
        foreach (var field in new[] { "restricted_phone", "restricted_email", "capacity_details", "contact_person", "internal_notes" })
            Assert.DoesNotContain($"\"{field}\"", everything + organizations);
    }

    [Fact]
    public async Task The_change_feed_lists_changes_oldest_first_with_archived_services_as_defunct_tombstones()
    {
        var editor = api.Editor();
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var organization = (await (await editor.SendJsonAsync(HttpMethod.Post, "/api/organizations", TestData.Organization())).JsonAsync(201)).GetProperty("id").GetGuid();
        var kept = (await (await editor.SendJsonAsync(HttpMethod.Post, "/api/services", TestData.Service(organization))).JsonAsync(201)).GetProperty("id").GetGuid();
        var archived = (await (await editor.SendJsonAsync(HttpMethod.Post, "/api/services", TestData.Service(organization))).JsonAsync(201)).GetProperty("id").GetGuid();
        Assert.Equal(204, (int)(await editor.DeleteAsync($"/api/services/{archived}")).StatusCode);

        var feedUrl = "/hsds/services?modified_after=" + Uri.EscapeDataString(since.ToString("O"));
        var feed = await AllPagesAsync(api.Anonymous(), feedUrl, "service_list.json");
        var ids = feed.Select(s => s.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(kept, ids);
        Assert.Equal("defunct", feed.Single(s => s.GetProperty("id").GetGuid() == archived).GetProperty("status").GetString());
        Assert.True(ids.IndexOf(kept) < ids.IndexOf(archived), "oldest change first");
        var stamps = feed.Select(s => DateTimeOffset.Parse(s.GetProperty("last_modified").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(stamps.Order(), stamps);
        Assert.All(stamps, t => Assert.True(t >= since.AddMilliseconds(-1)));

        // Without modified_after the list holds live services only; the tombstone is still readable by id.
        var live = await AllPagesAsync(api.Anonymous(), "/hsds/services", "service_list.json");
        Assert.DoesNotContain(live, s => s.GetProperty("id").GetGuid() == archived);
        var later = await GetAsync(api.Anonymous(), "/hsds/services?modified_after=" + Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(5).ToString("O")));
        Assert.Equal(0, later.GetProperty("total_items").GetInt32());
        // An unescaped + (read as a space) still parses; nonsense does not.
        Assert.Equal(200, (int)(await api.Anonymous().GetAsync("/hsds/services?modified_after=2024-02-05T09:00:00+09:00")).StatusCode);
        var bad = await (await api.Anonymous().GetAsync("/hsds/services?modified_after=yesterday")).ProblemAsync(400, "urn:resourcemap:problem:validation");
        Assert.Contains("ISO 8601", bad.FieldError("modified_after"));
        var links = await AllPagesAsync(api.Anonymous(), feedUrl.Replace("/services", "/service_at_locations"), "service_at_location_list.json");
        Assert.All(links, l => Assert.Contains(l.GetProperty("service_id").GetGuid(), ids));
    }

    [Fact]
    public async Task The_tabular_datapackage_holds_every_public_record_in_the_HSDS_columns()
    {
        var response = await api.Anonymous().GetAsync("/hsds/datapackage.zip");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync(), ZipArchiveMode.Read);
        var descriptor = JsonDocument.Parse(zip.GetEntry("datapackage.json")!.Open()).RootElement;
        Assert.Equal("tabular-data-package", descriptor.GetProperty("profile").GetString());
        var resources = descriptor.GetProperty("resources").EnumerateArray().ToList();
        Assert.Contains(resources, r => r.GetProperty("path").GetString() == "services.csv");
        foreach (var resource in resources)
        {
            var path = resource.GetProperty("path").GetString()!;
            var entry = zip.GetEntry(path);
            Assert.NotNull(entry);
            using var reader = new StreamReader(entry!.Open());
            var header = (await reader.ReadLineAsync())!.Split(',');
            Assert.Equal(resource.GetProperty("schema").GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()), header);
            Assert.Equal("id", header[0]);
        }
        var services = await ReadCsvAsync(zip, "services.csv");
        Assert.Equal(await DirectoryTotalAsync(api.Anonymous()), services.Count);
        var schedules = await ReadCsvAsync(zip, "schedules.csv");
        Assert.Contains(schedules, s => s["freq"] == "WEEKLY" && s["byday"].Length == 2);
        var addresses = await ReadCsvAsync(zip, "addresses.csv");
        Assert.NotEmpty(addresses);
        Assert.All(addresses, a => Assert.False(string.IsNullOrEmpty(a["address_1"])));
        var identifiers = await ReadCsvAsync(zip, "organization_identifiers.csv");
        Assert.All(identifiers, i => Assert.Equal("JP-CN", i["identifier_scheme"]));
        var terms = await ReadCsvAsync(zip, "taxonomy_terms.csv");
        Assert.Contains(terms, t => t["code"] == "ibasho" && t["name"] == "居場所づくり");
        var serviceIds = services.Select(s => s["id"]).ToHashSet();
        Assert.All(await ReadCsvAsync(zip, "service_at_locations.csv"), l => Assert.Contains(l["service_id"], serviceIds));
    }

    /// <summary>The CSVs of the export are plain RFC 4180; the test reads them with the same library the API uses.</summary>
    private static async Task<List<Dictionary<string, string>>> ReadCsvAsync(ZipArchive zip, string path)
    {
        await using var stream = zip.GetEntry(path)!.Open();
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory);
        memory.Position = 0;
        using var reader = new StreamReader(memory);
        var rows = new List<Dictionary<string, string>>();
        using var csv = CsvHelper.CsvReader.Create(reader, new CsvHelper.CsvReaderOptions { HasHeader = true });
        csv.ReadHeader();
        var headers = csv.Headers.ToArray();
        while (csv.Read())
            rows.Add(Enumerable.Range(0, headers.Length).ToDictionary(i => headers[i], i => csv.GetString(i)));
        return rows;
    }
}
