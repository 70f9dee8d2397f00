using System.Net;
using System.Text;
using System.Text.Json;
using ResourceMap.Api.Hosting;
using ResourceMap.IntegrationTests.Infrastructure;
using ResourceMap.IntegrationTests.Surveys;

namespace ResourceMap.IntegrationTests.Sharing;

/// <summary>
/// Who can do what: keys issued through the API per person (role + home municipality), and object-level
/// authorisation of every write. A record of another municipality answers exactly like a missing one (404);
/// a body that assigns a record to another municipality is 403.
/// </summary>
[Collection(ApiCollection.Name)]
public class AuthorisationTests(ApiFixture api) : IAsyncLifetime
{
    private const string Noboribetsu = "01230";
    private const string Shiraoi = "01578";
    private const string NotFound = "urn:resourcemap:problem:not-found";
    private const string Forbidden = "urn:resourcemap:problem:forbidden";
    private const string Unauthorized = "urn:resourcemap:problem:unauthorized";

    private HttpClient _noboribetsu = null!;
    private HttpClient _shiraoi = null!;
    private HttpClient _partner = null!;
    private Guid _noboribetsuKeyId;

    public async Task InitializeAsync()
    {
        (_noboribetsuKeyId, var noboribetsuKey) = await IssueAsync($"登別市 編集者 {Guid.NewGuid():N}", "editor", Noboribetsu);
        (_, var shiraoiKey) = await IssueAsync($"白老町 編集者 {Guid.NewGuid():N}", "editor", Shiraoi);
        (_, var partnerKey) = await IssueAsync($"白老町 連携先 {Guid.NewGuid():N}", "partner", Shiraoi);
        _noboribetsu = api.WithKey(noboribetsuKey);
        _shiraoi = api.WithKey(shiraoiKey);
        _partner = api.WithKey(partnerKey);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(Guid Id, string Key)> IssueAsync(string name, string role, string municipality)
    {
        var issued = await (await api.Admin().SendJsonAsync(HttpMethod.Post, "/api/keys",
            new { name, role, home_municipality_code = municipality })).JsonAsync(201);
        return (issued.GetProperty("id").GetGuid(), issued.GetProperty("key").GetString()!);
    }

    private static async Task<(Guid Id, string ETag, Dictionary<string, object?> Body)> CreateOrganizationAsync(HttpClient client, string owner)
    {
        var body = TestData.Organization();
        body["owner_municipality_code"] = owner;
        var response = await client.SendJsonAsync(HttpMethod.Post, "/api/organizations", body);
        var created = await response.JsonAsync(201);
        return (created.GetProperty("id").GetGuid(), response.Headers.ETag!.ToString(), body);
    }

    /// <summary>A site in 登別市 (幌別町) or 白老町 (the town office).</summary>
    private static Dictionary<string, object?> LocationIn(string municipality) => municipality == Shiraoi
        ? TestData.Location(42.5513, 141.3555, Shiraoi)
        : TestData.Location();

    private static async Task<(Guid Id, string ETag, Dictionary<string, object?> Body)> CreateLocationAsync(HttpClient client, string municipality)
    {
        var body = LocationIn(municipality);
        var response = await client.SendJsonAsync(HttpMethod.Post, "/api/locations", body);
        var created = await response.JsonAsync(201);
        return (created.GetProperty("id").GetGuid(), response.Headers.ETag!.ToString(), body);
    }

    private static async Task<(Guid Id, string ETag, Dictionary<string, object?> Body)> CreateServiceAsync(HttpClient client, string owner)
    {
        var (organization, _, _) = await CreateOrganizationAsync(client, owner);
        var (location, _, _) = await CreateLocationAsync(client, owner);
        var body = TestData.Service(organization, [location], TestData.Area("municipality", codes: [owner]));
        var response = await client.SendJsonAsync(HttpMethod.Post, "/api/services", body);
        var created = await response.JsonAsync(201);
        return (created.GetProperty("id").GetGuid(), response.Headers.ETag!.ToString(), body);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> DeleteAsync(HttpClient client, string url, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, url);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    /// <summary>
    /// Every write of a directory record by the foreign editor is refused exactly like a write to a missing id, and
    /// leaves the record as it was; then the owner's editor does the same writes successfully.
    /// </summary>
    private async Task AssertOwnedWritesAsync(string resource, Guid id, string etag, Dictionary<string, object?> body,
        HttpClient foreign, HttpClient owner, string changedField, string changedValue)
    {
        var url = $"/api/{resource}/{id}";
        var before = await (await api.Anonymous().GetAsync(url)).JsonAsync(200);
        var missing = await (await owner.SendJsonAsync(HttpMethod.Put, $"/api/{resource}/{Guid.NewGuid()}", body, etag)).ProblemAsync(404, NotFound);

        var changed = new Dictionary<string, object?>(body) { [changedField] = changedValue };
        var put = await (await foreign.SendJsonAsync(HttpMethod.Put, url, changed, etag)).ProblemAsync(404, NotFound);
        Assert.Equal(missing.GetProperty("title").GetString(), put.GetProperty("title").GetString());
        await (await foreign.SendJsonAsync(HttpMethod.Patch, url, new Dictionary<string, object?> { [changedField] = changedValue }, etag))
            .ProblemAsync(404, NotFound);
        await (await PostAsync(foreign, $"{url}/verify", etag)).ProblemAsync(404, NotFound);
        await (await DeleteAsync(foreign, url, etag)).ProblemAsync(404, NotFound);

        var after = await (await api.Anonymous().GetAsync(url)).JsonAsync(200);
        Assert.Equal(before.GetRawText(), after.GetRawText());
        Assert.False(after.GetProperty("archived").GetBoolean());

        var putResponse = await owner.SendJsonAsync(HttpMethod.Put, url, changed, etag);
        Assert.Equal(changedValue, (await putResponse.JsonAsync(200)).GetProperty(changedField).GetString());
        var patchResponse = await owner.SendJsonAsync(HttpMethod.Patch, url,
            new Dictionary<string, object?> { [changedField] = changedValue + "（更新）" }, putResponse.Headers.ETag!.ToString());
        await patchResponse.JsonAsync(200);
        var verifyResponse = await PostAsync(owner, $"{url}/verify", patchResponse.Headers.ETag!.ToString());
        await verifyResponse.JsonAsync(200);
        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync(owner, url, verifyResponse.Headers.ETag!.ToString())).StatusCode);
        Assert.True((await (await api.Anonymous().GetAsync(url)).JsonAsync(200)).GetProperty("archived").GetBoolean());
    }

    [Fact]
    public async Task Organization_writes_are_refused_to_another_municipalitys_editor_and_allowed_to_the_owner()
    {
        var (id, etag, body) = await CreateOrganizationAsync(_noboribetsu, Noboribetsu);
        await AssertOwnedWritesAsync("organizations", id, etag, body, foreign: _shiraoi, owner: _noboribetsu, "description", "白老町が書き換えた");
    }

    [Fact]
    public async Task Location_writes_are_refused_to_another_municipalitys_editor_and_allowed_to_the_owner()
    {
        var (id, etag, body) = await CreateLocationAsync(_shiraoi, Shiraoi);
        await AssertOwnedWritesAsync("locations", id, etag, body, foreign: _noboribetsu, owner: _shiraoi, "name", "登別市が書き換えた");
    }

    [Fact]
    public async Task Service_writes_are_refused_to_another_municipalitys_editor_and_allowed_to_the_owner()
    {
        var (id, etag, body) = await CreateServiceAsync(_noboribetsu, Noboribetsu);
        await AssertOwnedWritesAsync("services", id, etag, body, foreign: _shiraoi, owner: _noboribetsu, "description", "白老町が書き換えた");
    }

    [Fact]
    public async Task A_body_may_not_assign_a_record_to_another_municipality()
    {
        // Create with a foreign owner.
        var foreignOrganization = TestData.Organization();
        foreignOrganization["owner_municipality_code"] = Shiraoi;
        await (await _noboribetsu.SendJsonAsync(HttpMethod.Post, "/api/organizations", foreignOrganization)).ProblemAsync(403, Forbidden);
        await (await _noboribetsu.SendJsonAsync(HttpMethod.Post, "/api/locations", LocationIn(Shiraoi))).ProblemAsync(403, Forbidden);
        await (await _noboribetsu.SendJsonAsync(HttpMethod.Post, "/api/surveys", new Dictionary<string, object?>
        {
            ["title"] = "他町の調査", ["issuing_municipality_code"] = Shiraoi, ["region_id"] = "nishi-iburi", ["municipality_codes"] = null,
            ["period_start"] = null, ["period_end"] = null, ["mapping_profile_id"] = null,
        })).ProblemAsync(403, Forbidden);

        // Move an own record to another municipality: PUT and PATCH.
        var (id, etag, body) = await CreateOrganizationAsync(_noboribetsu, Noboribetsu);
        var moved = new Dictionary<string, object?>(body) { ["owner_municipality_code"] = Shiraoi };
        await (await _noboribetsu.SendJsonAsync(HttpMethod.Put, $"/api/organizations/{id}", moved, etag)).ProblemAsync(403, Forbidden);
        await (await _noboribetsu.SendJsonAsync(HttpMethod.Patch, $"/api/organizations/{id}",
            new Dictionary<string, object?> { ["owner_municipality_code"] = Shiraoi }, etag)).ProblemAsync(403, Forbidden);
        var stored = await (await api.Anonymous().GetAsync($"/api/organizations/{id}")).JsonAsync(200);
        Assert.Equal(Noboribetsu, stored.GetProperty("owner_municipality_code").GetString());

        // A service: an explicit foreign owner, or one inherited from another municipality's organisation.
        var (location, _, _) = await CreateLocationAsync(_noboribetsu, Noboribetsu);
        var service = TestData.Service(id, [location]);
        service["owner_municipality_code"] = Shiraoi;
        await (await _noboribetsu.SendJsonAsync(HttpMethod.Post, "/api/services", service)).ProblemAsync(403, Forbidden);
        var (shiraoiOrganization, _, _) = await CreateOrganizationAsync(_shiraoi, Shiraoi);
        await (await _noboribetsu.SendJsonAsync(HttpMethod.Post, "/api/services", TestData.Service(shiraoiOrganization, [location])))
            .ProblemAsync(403, Forbidden);
        // The same body with the editor's own municipality is accepted, so the refusals above are about the owner only.
        service["owner_municipality_code"] = Noboribetsu;
        await (await _noboribetsu.SendJsonAsync(HttpMethod.Post, "/api/services", service)).JsonAsync(201);
    }

    [Fact]
    public async Task A_service_cannot_be_put_under_another_municipalitys_organisation_even_when_the_body_claims_the_editors_own_owner()
    {
        var (location, _, _) = await CreateLocationAsync(_noboribetsu, Noboribetsu);
        var (shiraoiOrganization, _, _) = await CreateOrganizationAsync(_shiraoi, Shiraoi);
        var underForeign = TestData.Service(shiraoiOrganization, [location]);
        underForeign["owner_municipality_code"] = Noboribetsu;
        var refused = await (await _noboribetsu.SendJsonAsync(HttpMethod.Post, "/api/services", underForeign)).ProblemAsync(403, Forbidden);
        Assert.Contains("another municipality", refused.GetProperty("detail").GetString());
        var listed = await (await api.Admin().GetAsync($"/api/services?organization_id={shiraoiOrganization}")).JsonAsync(200);
        Assert.Empty(listed.GetProperty("items").EnumerateArray());

        // Moving an own service under the foreign organisation is refused the same way, and leaves it where it was.
        var (own, etag, body) = await CreateServiceAsync(_noboribetsu, Noboribetsu);
        var ownOrganization = body["organization_id"];
        await (await _noboribetsu.SendJsonAsync(HttpMethod.Patch, $"/api/services/{own}",
            new Dictionary<string, object?> { ["organization_id"] = shiraoiOrganization }, etag)).ProblemAsync(403, Forbidden);
        var stored = await (await _noboribetsu.GetAsync($"/api/services/{own}")).JsonAsync(200);
        Assert.Equal(ownOrganization?.ToString(), stored.GetProperty("organization").GetProperty("id").GetString());

        // An owner-only organisation of another municipality answers like a missing one: its existence is not confirmed.
        var hidden = TestData.Organization();
        hidden["owner_municipality_code"] = Shiraoi;
        hidden["sharing_scope"] = "owner";
        var hiddenId = (await (await _shiraoi.SendJsonAsync(HttpMethod.Post, "/api/organizations", hidden)).JsonAsync(201)).GetProperty("id").GetGuid();
        var missingId = Guid.NewGuid();
        var underHidden = TestData.Service(hiddenId, [location]);
        underHidden["owner_municipality_code"] = Noboribetsu;
        var hiddenProblem = await (await _noboribetsu.SendJsonAsync(HttpMethod.Post, "/api/services", underHidden))
            .ProblemAsync(400, "urn:resourcemap:problem:validation");
        var underMissing = TestData.Service(missingId, [location]);
        underMissing["owner_municipality_code"] = Noboribetsu;
        var missingProblem = await (await _noboribetsu.SendJsonAsync(HttpMethod.Post, "/api/services", underMissing))
            .ProblemAsync(400, "urn:resourcemap:problem:validation");
        Assert.Equal(missingProblem.FieldError("organization_id").Replace(missingId.ToString(), "<id>"),
            hiddenProblem.FieldError("organization_id").Replace(hiddenId.ToString(), "<id>"));
    }

    [Fact]
    public async Task PATCH_cannot_move_a_service_or_a_site_to_another_municipality()
    {
        var (service, serviceEtag, _) = await CreateServiceAsync(_noboribetsu, Noboribetsu);
        await (await _noboribetsu.SendJsonAsync(HttpMethod.Patch, $"/api/services/{service}",
            new Dictionary<string, object?> { ["owner_municipality_code"] = Shiraoi }, serviceEtag)).ProblemAsync(403, Forbidden);
        Assert.Equal(Noboribetsu, (await (await api.Anonymous().GetAsync($"/api/services/{service}")).JsonAsync(200))
            .GetProperty("owner_municipality_code").GetString());

        var (location, locationEtag, _) = await CreateLocationAsync(_noboribetsu, Noboribetsu);
        var moved = LocationIn(Shiraoi);
        await (await _noboribetsu.SendJsonAsync(HttpMethod.Patch, $"/api/locations/{location}", moved, locationEtag)).ProblemAsync(403, Forbidden);
        Assert.Equal(Noboribetsu, (await (await api.Anonymous().GetAsync($"/api/locations/{location}")).JsonAsync(200))
            .GetProperty("municipality_code").GetString());
    }

    public static TheoryData<string, string, string?> SurveyEndpoints => new()
    {
        { "POST", "status", """{"status":"fielding"}""" },
        { "GET", "targets", null },
        { "POST", "targets", """{"legal_forms":["npo"]}""" },
        { "POST", "targets/import", "file" },
        { "POST", $"targets/{Guid.NewGuid()}/status", """{"status":"sent"}""" },
        { "POST", "answers/import?mode=commit", "file" },
        { "GET", "imports", null },
        { "GET", $"imports/{Guid.NewGuid()}/rows", null },
        { "POST", "match-resolutions", $$"""{"match_key":"x","target_id":"{{Guid.NewGuid()}}"}""" },
        { "POST", "publish", null },
    };

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string url, string? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body == "file") request.Content = SurveySamples.Form(Encoding.UTF8.GetBytes("貴団体の名称\r\nテスト\r\n"), "answers.csv");
        else if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return client.SendAsync(request);
    }

    [Theory]
    [MemberData(nameof(SurveyEndpoints))]
    public async Task Survey_staff_endpoints_are_refused_to_another_municipalitys_editor_and_open_to_the_issuer(
        string method, string path, string? body)
    {
        var survey = await SurveySamples.CreateSurveyAsync(_noboribetsu, status: "draft");
        var url = $"/api/surveys/{survey}/{path}";

        var refused = await (await SendAsync(_shiraoi, method, url, body)).ProblemAsync(404, NotFound);
        Assert.Contains($"No survey with id '{survey}'", refused.GetProperty("detail").GetString());
        var stored = await (await api.Anonymous().GetAsync($"/api/surveys/{survey}")).JsonAsync(200);
        Assert.Equal("draft", stored.GetProperty("status").GetString());

        // The issuer passes the ownership gate: whatever the endpoint answers, it is not "no such survey" nor 403.
        var response = await SendAsync(_noboribetsu, method, url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain($"No survey with id", text);
    }

    [Fact]
    public async Task The_issuing_municipality_runs_its_survey_and_others_cannot_create_one_for_it()
    {
        var survey = await SurveySamples.CreateSurveyAsync(_noboribetsu, status: "draft");
        await (await _shiraoi.SendJsonAsync(HttpMethod.Post, $"/api/surveys/{survey}/status", new { status = "fielding" })).ProblemAsync(404, NotFound);
        var fielding = await (await _noboribetsu.SendJsonAsync(HttpMethod.Post, $"/api/surveys/{survey}/status", new { status = "fielding" })).JsonAsync(200);
        Assert.Equal("fielding", fielding.GetProperty("status").GetString());
        await (await _noboribetsu.SendJsonAsync(HttpMethod.Post, $"/api/surveys/{survey}/targets", new { legal_forms = new[] { "npo" } })).JsonAsync(200);
    }

    [Fact]
    public async Task A_partner_reads_but_cannot_write_anything()
    {
        var (id, etag, body) = await CreateOrganizationAsync(_noboribetsu, Noboribetsu);
        await (await _partner.GetAsync($"/api/organizations/{id}")).JsonAsync(200);
        var own = TestData.Organization();
        own["owner_municipality_code"] = Shiraoi; // even for the partner's own municipality
        await (await _partner.SendJsonAsync(HttpMethod.Post, "/api/organizations", own)).ProblemAsync(403, Forbidden);
        await (await _partner.SendJsonAsync(HttpMethod.Put, $"/api/organizations/{id}", body, etag)).ProblemAsync(403, Forbidden);
        await (await DeleteAsync(_partner, $"/api/organizations/{id}")).ProblemAsync(403, Forbidden);
        await (await PostAsync(_partner, $"/api/organizations/{id}/verify")).ProblemAsync(403, Forbidden);
        await (await _partner.SendJsonAsync(HttpMethod.Post, "/api/locations", LocationIn(Shiraoi))).ProblemAsync(403, Forbidden);
        await (await _partner.SendJsonAsync(HttpMethod.Post, "/api/services", TestData.Service(id))).ProblemAsync(403, Forbidden);
        await (await _partner.SendJsonAsync(HttpMethod.Post, "/api/surveys", new { title = "x" })).ProblemAsync(403, Forbidden);
        await (await _partner.SendJsonAsync(HttpMethod.Post, "/api/keys", new { name = "x", role = "admin", home_municipality_code = Shiraoi }))
            .ProblemAsync(403, Forbidden);
        await (await _partner.GetAsync("/api/keys")).ProblemAsync(403, Forbidden);
        Assert.False((await (await api.Anonymous().GetAsync($"/api/organizations/{id}")).JsonAsync(200)).GetProperty("archived").GetBoolean());
    }

    [Fact]
    public async Task Regions_keys_and_mapping_profiles_are_for_admins_only()
    {
        var region = new
        {
            id = $"auth-{Guid.NewGuid():N}"[..20], name_ja = "テスト圏域", name_en = "Test area", description = (string?)null,
            member_codes = new[] { Noboribetsu, Shiraoi },
        };
        await (await _noboribetsu.SendJsonAsync(HttpMethod.Post, "/api/regions", region)).ProblemAsync(403, Forbidden);
        await (await _partner.SendJsonAsync(HttpMethod.Post, "/api/regions", region)).ProblemAsync(403, Forbidden);
        await (await api.Anonymous().SendJsonAsync(HttpMethod.Post, "/api/regions", region)).ProblemAsync(401, Unauthorized);
        await (await api.Admin().SendJsonAsync(HttpMethod.Post, "/api/regions", region)).JsonAsync(201);

        var key = new { name = "昇格", role = "admin", home_municipality_code = Noboribetsu };
        await (await _noboribetsu.SendJsonAsync(HttpMethod.Post, "/api/keys", key)).ProblemAsync(403, Forbidden);
        await (await _noboribetsu.GetAsync("/api/keys")).ProblemAsync(403, Forbidden);
        await (await DeleteAsync(_noboribetsu, $"/api/keys/{_noboribetsuKeyId}")).ProblemAsync(403, Forbidden);
        await (await _noboribetsu.GetAsync("/api/organizations")).JsonAsync(200); // the key still works

        var profile = new { name = "上書き", kind = "answers", columns = new Dictionary<string, string[]> { ["organization_name"] = ["名称"] } };
        var profileId = $"auth-{Guid.NewGuid():N}";
        // Mapping profiles: an editor writes its own municipality's, never a shared one or another municipality's.
        var own = await (await _noboribetsu.SendJsonAsync(HttpMethod.Put, $"/api/mapping-profiles/{profileId}", profile)).JsonAsync(200);
        Assert.Equal(Noboribetsu, own.GetProperty("municipality_code").GetString());
        await (await _noboribetsu.SendJsonAsync(HttpMethod.Put, "/api/mapping-profiles/noboribetsu-2024", profile)).ProblemAsync(403, Forbidden);
        var other = new { name = "室蘭の", kind = "answers", columns = profile.columns, municipality_code = "01205" };
        await (await _noboribetsu.SendJsonAsync(HttpMethod.Put, $"/api/mapping-profiles/{profileId}-m", other)).ProblemAsync(403, Forbidden);
        await (await api.Admin().SendJsonAsync(HttpMethod.Put, $"/api/mapping-profiles/{profileId}", profile)).JsonAsync(200);
    }

    [Fact]
    public async Task The_public_cannot_list_issue_or_revoke_keys()
    {
        var anonymous = api.Anonymous();
        await (await anonymous.GetAsync("/api/keys")).ProblemAsync(401, Unauthorized);
        await (await anonymous.SendJsonAsync(HttpMethod.Post, "/api/keys", new { name = "x", role = "admin", home_municipality_code = Noboribetsu }))
            .ProblemAsync(401, Unauthorized);
        await (await DeleteAsync(anonymous, $"/api/keys/{_noboribetsuKeyId}")).ProblemAsync(401, Unauthorized);
        await (await api.WithKey("rmk_not-a-key").GetAsync("/api/keys")).ProblemAsync(401, Unauthorized);
    }

    public static TheoryData<string> PublicReads => new()
    {
        "/api/organizations", "/api/municipalities/01230", "/api/search/nearby?lat=42.413&lng=141.106&radius_m=5000",
        "/tiles/municipalities/8/228/94.mvt", "/tiles/services/10/913/378.mvt", "/openapi/v1.json",
    };

    private static async Task AssertUnauthorizedWithChallengeAsync(HttpResponseMessage response)
    {
        var problem = await response.ProblemAsync(401, Unauthorized);
        Assert.Contains("not valid", problem.GetProperty("detail").GetString());
        Assert.Equal("ApiKey header=\"X-Api-Key\"", response.Headers.WwwAuthenticate.ToString());
    }

    /// <summary>
    /// A key that does not authenticate is refused even where no key is needed, so a client whose key was revoked
    /// learns it at once instead of quietly being served the public view without the restricted fields.
    /// </summary>
    [Theory]
    [MemberData(nameof(PublicReads))]
    public async Task A_revoked_or_unknown_key_is_401_on_public_reads_and_no_key_is_200(string url)
    {
        var (id, plaintext) = await IssueAsync($"失効後の公開読み取り {Guid.NewGuid():N}", "partner", Shiraoi);
        var client = api.WithKey(plaintext);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode); // the valid key reads
        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync(api.Admin(), $"/api/keys/{id}")).StatusCode);

        await AssertUnauthorizedWithChallengeAsync(await client.GetAsync(url));
        await AssertUnauthorizedWithChallengeAsync(await api.WithKey("rmk_never-issued").GetAsync(url));
        Assert.Equal(HttpStatusCode.OK, (await api.Anonymous().GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task A_key_that_does_not_authenticate_is_401_on_reads_by_id_but_the_health_probes_still_answer()
    {
        var unknown = api.WithKey("rmk_never-issued");
        await AssertUnauthorizedWithChallengeAsync(await unknown.GetAsync($"/api/organizations/{Guid.NewGuid()}"));
        await AssertUnauthorizedWithChallengeAsync(await unknown.GetAsync("/api/taxonomy"));
        Assert.Equal(HttpStatusCode.OK, (await unknown.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await unknown.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Keys_are_listed_without_secrets_and_the_plaintext_is_shown_only_once()
    {
        var (id, plaintext) = await IssueAsync($"一覧確認 {Guid.NewGuid():N}", "editor", Shiraoi);
        var response = await api.Admin().GetAsync("/api/keys");
        var text = await response.Content.ReadAsStringAsync();
        var keys = (await response.JsonAsync(200)).EnumerateArray().ToList();
        var listed = Assert.Single(keys, k => k.GetProperty("id").GetGuid() == id);
        Assert.Equal("editor", listed.GetProperty("role").GetString());
        Assert.Equal(Shiraoi, listed.GetProperty("home_municipality_code").GetString());
        Assert.Equal("test-admin", listed.GetProperty("created_by").GetString());
        Assert.False(listed.TryGetProperty("key", out _));
        Assert.False(listed.TryGetProperty("hash", out _));
        Assert.DoesNotContain(plaintext, text);
        Assert.DoesNotContain(ApiKeyAuthenticationHandler.Hash(plaintext), text);

        // Only the hash is stored.
        await using var db = await api.OpenDatabaseAsync();
        var stored = (string?)await new Npgsql.NpgsqlCommand($"SELECT hash FROM api_keys WHERE id = '{id}'", db).ExecuteScalarAsync();
        Assert.Equal(ApiKeyAuthenticationHandler.Hash(plaintext), stored);
        var plaintextRows = (long)(await new Npgsql.NpgsqlCommand(
            $"SELECT count(*) FROM api_keys WHERE hash = '{plaintext}' OR name = '{plaintext}'", db).ExecuteScalarAsync())!;
        Assert.Equal(0, plaintextRows);

        // Bad requests: unknown role, unknown municipality.
        await (await api.Admin().SendJsonAsync(HttpMethod.Post, "/api/keys", new { name = "x", role = "superuser", home_municipality_code = Shiraoi }))
            .ProblemAsync(400, "urn:resourcemap:problem:validation");
        await (await api.Admin().SendJsonAsync(HttpMethod.Post, "/api/keys", new { name = "x", role = "editor", home_municipality_code = "99999" }))
            .ProblemAsync(400, "urn:resourcemap:problem:validation");
    }

    [Fact]
    public async Task A_revoked_key_is_refused_at_once_and_issue_and_revoke_are_audited()
    {
        var (id, plaintext) = await IssueAsync($"失効確認 {Guid.NewGuid():N}", "editor", Noboribetsu);
        var client = api.WithKey(plaintext);
        var (organizationId, _, _) = await CreateOrganizationAsync(client, Noboribetsu);

        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync(api.Admin(), $"/api/keys/{id}")).StatusCode);
        var organization = TestData.Organization();
        await (await client.SendJsonAsync(HttpMethod.Post, "/api/organizations", organization)).ProblemAsync(401, Unauthorized);
        await (await PostAsync(client, $"/api/organizations/{organizationId}/verify")).ProblemAsync(401, Unauthorized);
        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync(api.Admin(), $"/api/keys/{id}")).StatusCode); // again: no-op
        await (await DeleteAsync(api.Admin(), $"/api/keys/{Guid.NewGuid()}")).ProblemAsync(404, NotFound);

        var listed = (await (await api.Admin().GetAsync("/api/keys")).JsonAsync(200)).EnumerateArray().Single(k => k.GetProperty("id").GetGuid() == id);
        Assert.NotEqual(JsonValueKind.Null, listed.GetProperty("revoked_at").ValueKind);

        var audit = await api.Admin().GetAsync($"/api/audit?entity_type=api_key&entity_id={id}");
        var auditText = await audit.Content.ReadAsStringAsync();
        var entries = (await audit.JsonAsync(200)).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["create", "update"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.All(entries, e => Assert.Equal("test-admin", e.GetProperty("actor").GetString()));
        Assert.Equal(JsonValueKind.Null, entries[1].GetProperty("before").GetProperty("revoked_at").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, entries[1].GetProperty("after").GetProperty("revoked_at").ValueKind);
        Assert.DoesNotContain(ApiKeyAuthenticationHandler.Hash(plaintext), auditText);
    }

    [Fact]
    public async Task Writes_by_an_issued_key_are_audited_under_its_name()
    {
        var name = $"登別市 監査確認 {Guid.NewGuid():N}";
        var (_, plaintext) = await IssueAsync(name, "editor", Noboribetsu);
        var (id, _, _) = await CreateOrganizationAsync(api.WithKey(plaintext), Noboribetsu);
        var entries = (await (await api.Admin().GetAsync($"/api/audit?entity_type=organization&entity_id={id}")).JsonAsync(200))
            .GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(name, Assert.Single(entries).GetProperty("actor").GetString());
    }

    [Fact]
    public async Task Admins_write_any_municipalitys_records_and_configured_keys_without_a_home_act_for_all()
    {
        var (_, adminKey) = await IssueAsync($"登別市 管理者 {Guid.NewGuid():N}", "admin", Noboribetsu);
        var admin = api.WithKey(adminKey);
        var (id, etag, body) = await CreateOrganizationAsync(_shiraoi, Shiraoi);
        body["description"] = "管理者が更新";
        await (await admin.SendJsonAsync(HttpMethod.Put, $"/api/organizations/{id}", body, etag)).JsonAsync(200);
        await CreateOrganizationAsync(admin, Shiraoi);

        // The configured editor key (no HomeMunicipalityCode) keeps writing for every municipality, as before.
        await CreateOrganizationAsync(api.Editor(), Shiraoi);
        await CreateOrganizationAsync(api.Editor(), Noboribetsu);
    }

    [Fact]
    public async Task A_configured_key_with_a_home_municipality_is_scoped_like_an_issued_one()
    {
        var configured = api.WithKey(ApiFixture.ShiraoiConfiguredEditorKey);
        var (own, ownEtag, ownBody) = await CreateOrganizationAsync(configured, Shiraoi);
        ownBody["description"] = "設定キーで更新";
        await (await configured.SendJsonAsync(HttpMethod.Put, $"/api/organizations/{own}", ownBody, ownEtag)).JsonAsync(200);

        var (foreign, etag, body) = await CreateOrganizationAsync(_noboribetsu, Noboribetsu);
        await (await configured.SendJsonAsync(HttpMethod.Put, $"/api/organizations/{foreign}", body, etag)).ProblemAsync(404, NotFound);
        var assigned = TestData.Organization();
        assigned["owner_municipality_code"] = Noboribetsu;
        await (await configured.SendJsonAsync(HttpMethod.Post, "/api/organizations", assigned)).ProblemAsync(403, Forbidden);
    }
}
