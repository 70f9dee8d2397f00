using System.Net;
using System.Text.Json;
using ResourceMap.IntegrationTests.Infrastructure;
using ResourceMap.IntegrationTests.Surveys;

namespace ResourceMap.IntegrationTests.Sharing;

/// <summary>
/// Sharing scopes and restricted fields. 登別 (01230) owns the records; 白老 (01578) is a member of
/// noboribetsu-survey-2024 but not of nishi-iburi. Restricted fields are asserted ABSENT, not just empty.
/// </summary>
[Collection(ApiCollection.Name)]
public class SharingScopeTests(ApiFixture api) : IAsyncLifetime
{
    private const string Noboribetsu = "01230";
    private const string Shiraoi = "01578";
    private const string SharedWithShiraoi = "noboribetsu-survey-2024";
    private const string NotShiraoi = "nishi-iburi";
    private static readonly string[] OrganizationRestricted = ["contact_person", "internal_notes"];
    private static readonly string[] ServiceRestricted = ["restricted_phone", "restricted_email", "capacity_details"];

    private HttpClient _owner = null!;
    private HttpClient _foreignEditor = null!;
    private HttpClient _partner = null!;
    private HttpClient _public = null!;

    public async Task InitializeAsync()
    {
        _owner = api.WithKey(await IssueAsync($"登別市 編集者 {Guid.NewGuid():N}", "editor", Noboribetsu));
        _foreignEditor = api.WithKey(await IssueAsync($"白老町 編集者 {Guid.NewGuid():N}", "editor", Shiraoi));
        _partner = api.WithKey(await IssueAsync($"白老町 連携先 {Guid.NewGuid():N}", "partner", Shiraoi));
        _public = api.Anonymous();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string> IssueAsync(string name, string role, string municipality)
    {
        var issued = await (await api.Admin().SendJsonAsync(HttpMethod.Post, "/api/keys",
            new { name, role, home_municipality_code = municipality })).JsonAsync(201);
        return issued.GetProperty("key").GetString()!;
    }

    private async Task<Guid> CreateOrganizationAsync(string scope = "public", string[]? regions = null)
    {
        var body = TestData.Organization();
        body["owner_municipality_code"] = Noboribetsu;
        body["sharing_scope"] = scope;
        body["shared_with_regions"] = regions;
        body["contact_person"] = "登別 太郎";
        body["internal_notes"] = "夜間は代表番号につながらない";
        var created = await (await _owner.SendJsonAsync(HttpMethod.Post, "/api/organizations", body)).JsonAsync(201);
        foreach (var field in OrganizationRestricted) Assert.True(created.TryGetProperty(field, out _), field);
        return created.GetProperty("id").GetGuid();
    }

    private async Task<(Guid Id, string Token)> CreateServiceAsync(string scope = "public", string[]? regions = null, Guid? organization = null)
    {
        organization ??= await CreateOrganizationAsync();
        var location = (await (await _owner.SendJsonAsync(HttpMethod.Post, "/api/locations", TestData.Location())).JsonAsync(201))
            .GetProperty("id").GetGuid();
        var token = $"scope{Guid.NewGuid():N}"[..16];
        var body = TestData.Service(organization.Value, [location], TestData.Area("municipality", codes: [Noboribetsu]));
        body["name"] = $"共有テスト {token}";
        body["sharing_scope"] = scope;
        body["shared_with_regions"] = regions;
        body["restricted_phone"] = "090-1234-5678";
        body["restricted_email"] = "direct@example.jp";
        body["capacity_details"] = "残り2席";
        var created = await (await _owner.SendJsonAsync(HttpMethod.Post, "/api/services", body)).JsonAsync(201);
        return (created.GetProperty("id").GetGuid(), token);
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string url) => (await client.GetAsync(url)).StatusCode;

    private static async Task<JsonElement> ReadAsync(HttpClient client, string url) => await (await client.GetAsync(url)).JsonAsync(200);

    private static void AssertAbsent(JsonElement record, string[] fields)
    {
        foreach (var field in fields) Assert.False(record.TryGetProperty(field, out _), $"{field} must be absent");
    }

    private static void AssertPresent(JsonElement record, string[] fields)
    {
        foreach (var field in fields) Assert.Equal(JsonValueKind.String, record.GetProperty(field).ValueKind);
    }

    private static async Task<bool> FoundBySearchAsync(HttpClient client, Guid service, string token)
    {
        var page = await ReadAsync(client, $"/api/search/region?municipality={Noboribetsu}&q={token}&limit=200");
        return page.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("service_id").GetGuid() == service);
    }

    [Fact]
    public async Task Records_are_public_by_default_and_say_so()
    {
        var (service, _) = await CreateServiceAsync();
        var read = await ReadAsync(_public, $"/api/services/{service}");
        Assert.Equal("public", read.GetProperty("sharing_scope").GetString());
        Assert.Empty(read.GetProperty("shared_with_regions").EnumerateArray());
    }

    [Theory]
    [InlineData("everyone", null, "sharing_scope")]
    [InlineData("owner", new[] { "nishi-iburi" }, "shared_with_regions")]
    [InlineData("partners", null, "shared_with_regions")]
    [InlineData("partners", new[] { "atlantis" }, "shared_with_regions")]
    public async Task Invalid_scopes_are_400_naming_the_field(string scope, string[]? regions, string field)
    {
        var body = TestData.Organization();
        body["owner_municipality_code"] = Noboribetsu;
        body["sharing_scope"] = scope;
        body["shared_with_regions"] = regions;
        var problem = await (await _owner.SendJsonAsync(HttpMethod.Post, "/api/organizations", body)).JsonAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Restricted_fields_of_a_public_record_reach_only_the_owner_and_admins()
    {
        var (service, _) = await CreateServiceAsync();
        AssertAbsent(await ReadAsync(_public, $"/api/services/{service}"), ServiceRestricted);
        AssertAbsent(await ReadAsync(_foreignEditor, $"/api/services/{service}"), ServiceRestricted);
        AssertAbsent(await ReadAsync(_partner, $"/api/services/{service}"), ServiceRestricted);
        AssertPresent(await ReadAsync(_owner, $"/api/services/{service}"), ServiceRestricted);
        AssertPresent(await ReadAsync(api.Admin(), $"/api/services/{service}"), ServiceRestricted);

        var organization = await CreateOrganizationAsync();
        AssertAbsent(await ReadAsync(_public, $"/api/organizations/{organization}"), OrganizationRestricted);
        AssertAbsent(await ReadAsync(_foreignEditor, $"/api/organizations/{organization}"), OrganizationRestricted);
        AssertPresent(await ReadAsync(_owner, $"/api/organizations/{organization}"), OrganizationRestricted);

        var list = await ReadAsync(_public, $"/api/services?organization_id={(await ReadAsync(_owner, $"/api/services/{service}")).GetProperty("organization").GetProperty("id")}");
        AssertAbsent(Assert.Single(list.GetProperty("items").EnumerateArray()), ServiceRestricted);
    }

    [Fact]
    public async Task A_public_record_shared_with_a_region_gives_that_region_s_staff_its_restricted_fields_and_stays_public()
    {
        var (service, token) = await CreateServiceAsync("public", [SharedWithShiraoi]);

        AssertPresent(await ReadAsync(_partner, $"/api/services/{service}"), ServiceRestricted);
        AssertPresent(await ReadAsync(_foreignEditor, $"/api/services/{service}"), ServiceRestricted);
        var read = await ReadAsync(_public, $"/api/services/{service}");
        AssertAbsent(read, ServiceRestricted);
        Assert.Equal([SharedWithShiraoi], read.GetProperty("shared_with_regions").EnumerateArray().Select(r => r.GetString()));
        Assert.True(await FoundBySearchAsync(_public, service, token));

        var organization = await CreateOrganizationAsync("public", [SharedWithShiraoi]);
        AssertPresent(await ReadAsync(_partner, $"/api/organizations/{organization}"), OrganizationRestricted);
        AssertAbsent(await ReadAsync(_public, $"/api/organizations/{organization}"), OrganizationRestricted);
    }

    [Fact]
    public async Task A_partners_record_is_read_with_its_restricted_fields_by_staff_of_the_shared_region_and_hidden_from_everyone_else()
    {
        var (service, token) = await CreateServiceAsync("partners", [SharedWithShiraoi]);

        AssertPresent(await ReadAsync(_partner, $"/api/services/{service}"), ServiceRestricted);
        AssertPresent(await ReadAsync(_foreignEditor, $"/api/services/{service}"), ServiceRestricted);
        AssertPresent(await ReadAsync(_owner, $"/api/services/{service}"), ServiceRestricted);
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(_public, $"/api/services/{service}"));

        Assert.True(await FoundBySearchAsync(_partner, service, token));
        Assert.True(await FoundBySearchAsync(_owner, service, token));
        Assert.False(await FoundBySearchAsync(_public, service, token));
    }

    [Fact]
    public async Task A_partners_record_of_a_region_the_caller_is_not_in_is_404_and_absent_from_lists_and_searches()
    {
        var (service, token) = await CreateServiceAsync("partners", [NotShiraoi]);
        var organization = (await ReadAsync(_owner, $"/api/services/{service}")).GetProperty("organization").GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(_partner, $"/api/services/{service}"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(_foreignEditor, $"/api/services/{service}"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(_public, $"/api/services/{service}"));
        Assert.Empty((await ReadAsync(_partner, $"/api/services?organization_id={organization}")).GetProperty("items").EnumerateArray());
        Assert.Single((await ReadAsync(_owner, $"/api/services?organization_id={organization}")).GetProperty("items").EnumerateArray());
        Assert.False(await FoundBySearchAsync(_partner, service, token));
        Assert.False(await FoundBySearchAsync(_public, service, token));
        Assert.True(await FoundBySearchAsync(api.Admin(), service, token));

        // The public organisation still reads, but without the hidden service.
        var read = await ReadAsync(_public, $"/api/organizations/{organization}");
        Assert.Empty(read.GetProperty("services").EnumerateArray());
    }

    [Fact]
    public async Task An_owner_only_organisation_hides_itself_and_its_public_services_from_other_municipalities()
    {
        var organization = await CreateOrganizationAsync("owner");
        var (service, token) = await CreateServiceAsync(organization: organization);

        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(_partner, $"/api/organizations/{organization}"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(_public, $"/api/organizations/{organization}"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(_public, $"/api/services/{service}"));
        Assert.False(await FoundBySearchAsync(_public, service, token));
        Assert.False(await FoundBySearchAsync(_partner, service, token));
        AssertPresent(await ReadAsync(_owner, $"/api/organizations/{organization}"), OrganizationRestricted);
        Assert.True(await FoundBySearchAsync(_owner, service, token));

        var q = Uri.EscapeDataString((await ReadAsync(_owner, $"/api/organizations/{organization}")).GetProperty("name").GetString()!);
        Assert.Empty((await ReadAsync(_public, $"/api/organizations?q={q}")).GetProperty("items").EnumerateArray());
        Assert.Single((await ReadAsync(_owner, $"/api/organizations?q={q}")).GetProperty("items").EnumerateArray());
    }

    private static async Task<Guid> CreateCapacityServiceAsync(HttpClient admin, Dictionary<string, object?> site, bool acceptsOthers,
        string scope = "public", string[]? regions = null, string[]? area = null)
    {
        var organization = TestData.Organization();
        organization["owner_municipality_code"] = Noboribetsu;
        var org = (await (await admin.SendJsonAsync(HttpMethod.Post, "/api/organizations", organization)).JsonAsync(201)).GetProperty("id").GetGuid();
        var location = (await (await admin.SendJsonAsync(HttpMethod.Post, "/api/locations", site)).JsonAsync(201)).GetProperty("id").GetGuid();
        var body = TestData.Service(org, [location], area is null ? TestData.Area("municipality", codes: [Noboribetsu]) : TestData.Area("multiple_municipalities", codes: area));
        body["accepts_other_municipalities"] = acceptsOthers;
        body["sharing_scope"] = scope;
        body["shared_with_regions"] = regions;
        body["capacity_details"] = "残り2席";
        return (await (await admin.SendJsonAsync(HttpMethod.Post, "/api/services", body)).JsonAsync(201)).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task Shared_capacity_lists_what_a_resident_can_use_with_distance_and_respects_scopes()
    {
        var admin = api.Admin();
        var inShiraoi = TestData.Location(42.5513, 141.3555, Shiraoi);
        var usable = await CreateCapacityServiceAsync(admin, inShiraoi, acceptsOthers: true);
        var hidden = await CreateCapacityServiceAsync(admin, TestData.Location(42.5513, 141.3555, Shiraoi), acceptsOthers: true, "partners", [NotShiraoi]);
        var localOnly = await CreateCapacityServiceAsync(admin, TestData.Location(), acceptsOthers: false);
        var coversShiraoi = await CreateCapacityServiceAsync(admin, TestData.Location(42.5513, 141.3555, Shiraoi), acceptsOthers: false,
            area: [Noboribetsu, Shiraoi]);

        const string url = $"/api/sharing/capacity?for={Shiraoi}&region={SharedWithShiraoi}&category=ibasho&limit=500";
        var items = (await ReadAsync(_public, url)).GetProperty("items").EnumerateArray().ToList();
        var item = items.Single(i => i.GetProperty("service_id").GetGuid() == usable);
        Assert.Equal(Shiraoi, item.GetProperty("municipality_code").GetString());
        Assert.True(item.GetProperty("distance_m").GetDouble() < 20_000);
        Assert.Equal("20人まで", item.GetProperty("capacity_note").GetString());
        Assert.Contains("in_person", item.GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
        Assert.True(item.GetProperty("anonymous_ok").GetBoolean());
        Assert.Contains("accepts_other_municipalities", item.GetProperty("usable_because").EnumerateArray().Select(c => c.GetString()));
        AssertAbsent(item, ServiceRestricted);
        Assert.Contains("service_area_covers_for", items.Single(i => i.GetProperty("service_id").GetGuid() == coversShiraoi)
            .GetProperty("usable_because").EnumerateArray().Select(c => c.GetString()));
        Assert.DoesNotContain(items, i => i.GetProperty("service_id").GetGuid() == localOnly);
        Assert.DoesNotContain(items, i => i.GetProperty("service_id").GetGuid() == hidden);
        Assert.DoesNotContain((await ReadAsync(_partner, url)).GetProperty("items").EnumerateArray(), i => i.GetProperty("service_id").GetGuid() == hidden);
        Assert.Contains((await ReadAsync(admin, url)).GetProperty("items").EnumerateArray(), i => i.GetProperty("service_id").GetGuid() == hidden);

        var distances = items.Where(i => i.GetProperty("distance_m").ValueKind == JsonValueKind.Number)
            .Select(i => i.GetProperty("distance_m").GetDouble()).ToList();
        Assert.Equal(distances.Order(), distances);

        var problem = await (await _public.GetAsync("/api/sharing/capacity?for=01999&region=atlantis&category=nothing")).JsonAsync(400);
        foreach (var field in new[] { "for", "region", "category" })
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), field);
    }

    [Fact]
    public async Task Service_tiles_leave_out_records_the_caller_may_not_read_and_staff_tiles_are_private()
    {
        var admin = api.Admin();
        // A site of its own, away from the sites other tests share, so the tile holds few features.
        var (lat, lng) = (42.5541, 141.3602);
        var hidden = await CreateCapacityServiceAsync(admin, TestData.Location(lat, lng, Shiraoi), acceptsOthers: true, "partners", [NotShiraoi]);
        const int z = 18;
        var x = (int)Math.Floor((lng + 180) / 360 * (1 << z));
        var rad = lat * Math.PI / 180;
        var y = (int)Math.Floor((1 - Math.Log(Math.Tan(rad) + 1 / Math.Cos(rad)) / Math.PI) / 2 * (1 << z));
        var url = $"/tiles/services/{z}/{x}/{y}.mvt";

        async Task<(bool Contains, string CacheControl)> TileAsync(HttpClient client)
        {
            var response = await client.GetAsync(url);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            var text = System.Text.Encoding.UTF8.GetString(bytes);
            return (text.Contains(hidden.ToString()), response.Headers.CacheControl?.ToString() ?? "");
        }

        var adminTile = await TileAsync(admin);
        Assert.True(adminTile.Contains);
        Assert.Contains("private", adminTile.CacheControl);
        Assert.False((await TileAsync(_public)).Contains);
        Assert.False((await TileAsync(_partner)).Contains);
        Assert.True((await TileAsync(_owner)).Contains);
    }

    [Fact]
    public async Task The_stale_list_shows_staff_only_what_their_scopes_allow()
    {
        var organization = await CreateOrganizationAsync("owner");
        await using (var connection = await api.OpenDatabaseAsync())
        {
            await using var command = new Npgsql.NpgsqlCommand(
                "UPDATE organizations SET last_verified_at = now() - interval '400 days' WHERE id = @id", connection);
            command.Parameters.AddWithValue("id", organization);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        async Task<bool> ListedForAsync(HttpClient client)
        {
            string? cursor = null;
            for (var pages = 0; pages < 200; pages++)
            {
                var page = await ReadAsync(client, $"/api/analytics/stale?municipality={Noboribetsu}&limit=500" + (cursor is null ? "" : $"&cursor={cursor}"));
                if (page.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("id").GetGuid() == organization)) return true;
                cursor = page.GetProperty("next_cursor").GetString();
                if (cursor is null) break;
            }
            return false;
        }

        Assert.True(await ListedForAsync(_owner));
        Assert.False(await ListedForAsync(_foreignEditor));
    }

    [Fact]
    public async Task The_owner_narrows_a_scope_with_PATCH_and_searches_in_every_format_never_carry_restricted_fields()
    {
        var (service, token) = await CreateServiceAsync();
        var search = $"/api/search/region?municipality={Noboribetsu}&q={token}";
        foreach (var format in new[] { "", "&format=geojson", "&format=csv" })
        {
            var text = await (await _owner.GetAsync(search + format)).Content.ReadAsStringAsync();
            Assert.Contains(token, text);
            foreach (var secret in new[] { "090-1234-5678", "direct@example.jp", "残り2席", "restricted_phone", "capacity_details" })
                Assert.DoesNotContain(secret, text);
        }

        var read = await _owner.GetAsync($"/api/services/{service}");
        var patched = await (await _owner.SendJsonAsync(HttpMethod.Patch, $"/api/services/{service}",
            new Dictionary<string, object?> { ["sharing_scope"] = "partners", ["shared_with_regions"] = new[] { NotShiraoi } },
            read.Headers.ETag!.ToString())).JsonAsync(200);
        Assert.Equal("partners", patched.GetProperty("sharing_scope").GetString());
        AssertPresent(patched, ServiceRestricted);
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(_public, $"/api/services/{service}"));
        Assert.False(await FoundBySearchAsync(_public, service, token));
    }
}
