using System.Text;
using System.Text.Json;
using ResourceMap.IntegrationTests.Infrastructure;

namespace ResourceMap.IntegrationTests.Sharing;

/// <summary>
/// Who may call what: every principal against a representative call of every endpoint group, as one table. The table is
/// the specification (README, "Principals, keys and ownership"), not a recording: 401 without a key where a key is
/// needed, 403 for a role that may not act or a body that assigns a record to another municipality, 404 for a record of
/// another municipality (exactly like a missing id). Records are created fresh for each call, owned by 登別 (01230);
/// the foreign editor is 室蘭's (01205). All keys are issued through POST /api/keys.
/// </summary>
[Collection(ApiCollection.Name)]
public class RoleMatrixTests(ApiFixture api) : IAsyncLifetime
{
    private const string Own = "01230";
    private const string Foreign = "01205";

    public const string Public = "public";
    public const string Partner = "partner of 01230";
    public const string Editor = "editor of 01230";
    public const string ForeignEditor = "editor of 01205";
    public const string Admin = "admin";

    /// <summary>Expected status per principal; one line per call, read across.</summary>
    private static readonly (string Call, int Public, int Partner, int Editor, int ForeignEditor, int Admin)[] Spec =
    [
        // call                                                       public partner editor foreign admin
        ("GET /api/municipalities?prefecture=北海道",                     200, 200, 200, 200, 200),
        ("GET /api/municipalities/01230",                                 200, 200, 200, 200, 200),
        ("GET /api/municipalities/01230/neighbours",                      200, 200, 200, 200, 200),
        ("GET /api/regions",                                              200, 200, 200, 200, 200),
        ("GET /api/regions/nishi-iburi",                                  200, 200, 200, 200, 200),
        ("POST /api/regions",                                             401, 403, 403, 403, 201),
        ("GET /api/taxonomy",                                             200, 200, 200, 200, 200),
        ("GET /api/taxonomy/service_category",                            200, 200, 200, 200, 200),

        ("GET /api/organizations",                                        200, 200, 200, 200, 200),
        ("GET /api/organizations/{id}",                                   200, 200, 200, 200, 200),
        ("GET /api/organizations/{id} (owner scope)",                     404, 200, 200, 404, 200),
        ("GET /api/organizations/{id} (shared with nishi-iburi)",         404, 200, 200, 200, 200),
        ("POST /api/organizations",                                       401, 403, 201, 403, 201),
        ("PUT /api/organizations/{id}",                                   401, 403, 200, 404, 200),
        ("PATCH /api/organizations/{id}",                                 401, 403, 200, 404, 200),
        ("PATCH /api/organizations/{id} (owner scope)",                   401, 403, 200, 404, 200),
        ("DELETE /api/organizations/{id}",                                401, 403, 204, 404, 204),
        ("POST /api/organizations/{id}/verify",                           401, 403, 200, 404, 200),

        ("GET /api/locations",                                            200, 200, 200, 200, 200),
        ("GET /api/locations/{id}",                                       200, 200, 200, 200, 200),
        ("POST /api/locations",                                           401, 403, 201, 403, 201),
        ("PUT /api/locations/{id}",                                       401, 403, 200, 404, 200),
        ("PATCH /api/locations/{id}",                                     401, 403, 200, 404, 200),
        ("DELETE /api/locations/{id}",                                    401, 403, 204, 404, 204),
        ("POST /api/locations/{id}/verify",                               401, 403, 200, 404, 200),

        ("GET /api/services",                                             200, 200, 200, 200, 200),
        ("GET /api/services/{id}",                                        200, 200, 200, 200, 200),
        ("POST /api/services",                                            401, 403, 201, 403, 201),
        ("POST /api/services owned by 01205 under a 01230 organisation",  401, 403, 403, 403, 201),
        ("PUT /api/services/{id}",                                        401, 403, 200, 404, 200),
        ("PATCH /api/services/{id}",                                      401, 403, 200, 404, 200),
        ("DELETE /api/services/{id}",                                     401, 403, 204, 404, 204),
        ("POST /api/services/{id}/verify",                                401, 403, 200, 404, 200),

        ("GET /api/search/nearby",                                        200, 200, 200, 200, 200),
        ("GET /api/search/map",                                           200, 200, 200, 200, 200),
        ("GET /api/search/region",                                        200, 200, 200, 200, 200),
        ("POST /api/search/region",                                       200, 200, 200, 200, 200),
        ("GET /api/search/coverage",                                      200, 200, 200, 200, 200),
        ("GET /tiles/services/{z}/{x}/{y}.mvt",                           200, 200, 200, 200, 200),
        ("GET /tiles/municipalities/{z}/{x}/{y}.mvt",                     200, 200, 200, 200, 200),
        ("GET /api/sharing/capacity",                                     200, 200, 200, 200, 200),
        ("GET /api/geocode",                                              200, 200, 200, 200, 200),

        ("GET /api/surveys",                                              200, 200, 200, 200, 200),
        ("GET /api/surveys/{id}",                                         200, 200, 200, 200, 200),
        ("POST /api/surveys",                                             401, 403, 201, 403, 201),
        ("POST /api/surveys/{id}/status",                                 401, 403, 200, 404, 200),
        ("GET /api/surveys/{id}/targets",                                 401, 200, 200, 404, 200),
        ("POST /api/surveys/{id}/targets",                                401, 403, 200, 404, 200),
        ("GET /api/surveys/{id}/imports",                                 401, 200, 200, 404, 200),
        ("POST /api/surveys/{id}/publish (draft)",                        401, 403, 409, 404, 409),
        ("GET /api/surveys/{id}/statistics",                              200, 200, 200, 200, 200),
        ("GET /api/surveys/{id}/statistics?format=csv",                   200, 200, 200, 200, 200),
        ("GET /api/mapping-profiles",                                     200, 200, 200, 200, 200),
        ("GET /api/mapping-profiles/noboribetsu-2024",                    200, 200, 200, 200, 200),
        // An editor creates profiles for its own municipality (issue 9); shared ones stay with admins.
        ("PUT /api/mapping-profiles/{id}",                                401, 403, 200, 200, 200),

        // The follow-up list of records to verify is work for those who can verify them (README: editor or admin).
        ("GET /api/analytics/stale",                                      401, 403, 200, 200, 200),
        ("GET /api/analytics/coverage",                                   200, 200, 200, 200, 200),
        ("GET /api/analytics/coverage?format=csv",                        200, 200, 200, 200, 200),
        ("GET /api/analytics/populations",                                200, 200, 200, 200, 200),
        ("PUT /api/analytics/populations",                                401, 403, 403, 403, 200),
        ("GET /api/audit",                                                401, 403, 403, 403, 200),
        ("GET /api/keys",                                                 401, 403, 403, 403, 200),
        ("POST /api/keys",                                                401, 403, 403, 403, 201),
        ("DELETE /api/keys/{id}",                                         401, 403, 403, 403, 204),
        ("GET /health/ready",                                             200, 200, 200, 200, 200),
    ];

    public static TheoryData<string, string, int> Matrix()
    {
        var rows = new TheoryData<string, string, int>();
        foreach (var (call, pub, partner, editor, foreign, admin) in Spec)
        {
            rows.Add(Public, call, pub);
            rows.Add(Partner, call, partner);
            rows.Add(Editor, call, editor);
            rows.Add(ForeignEditor, call, foreign);
            rows.Add(Admin, call, admin);
        }
        return rows;
    }

    private static readonly Dictionary<string, string> Keys = new();
    private static readonly SemaphoreSlim KeysOnce = new(1, 1);

    public async Task InitializeAsync()
    {
        await KeysOnce.WaitAsync();
        try
        {
            if (Keys.Count > 0) return;
            foreach (var (principal, role, home) in new[] { (Partner, "partner", Own), (Editor, "editor", Own), (ForeignEditor, "editor", Foreign), (Admin, "admin", Own) })
            {
                var issued = await (await api.Admin().SendJsonAsync(HttpMethod.Post, "/api/keys",
                    new { name = $"表 {principal} {Guid.NewGuid():N}", role, home_municipality_code = home })).JsonAsync(201);
                Keys[principal] = issued.GetProperty("key").GetString()!;
            }
        }
        finally
        {
            KeysOnce.Release();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void Every_call_in_the_table_has_a_request_and_every_request_is_in_the_table()
    {
        Assert.Equal(Spec.Select(s => s.Call).Order(), Requests.Keys.Order());
        Assert.Equal(Spec.Length, Spec.Select(s => s.Call).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_principal_gets_the_specified_status_from_each_endpoint(string principal, string call, int expected)
    {
        var client = principal == Public ? api.Anonymous() : api.WithKey(Keys[principal]);
        using var request = await Requests[call](new Arrange(api.Admin()));
        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expected,
            $"{principal}: {call} → expected {expected}, got {(int)response.StatusCode}: {body[..Math.Min(body.Length, 400)]}");
        if (expected >= 400)
        {
            // Refusals are problem details that say nothing about the record.
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("テスト居場所の会", body);
        }
    }

    /// <summary>Creates the records a call needs, fresh each time, as the configured admin.</summary>
    private sealed class Arrange(HttpClient admin)
    {
        public async Task<Guid> OrganizationAsync(string scope = "public", string[]? regions = null)
        {
            var body = TestData.Organization();
            body["sharing_scope"] = scope;
            body["shared_with_regions"] = regions;
            return await CreateAsync("/api/organizations", body);
        }

        public Task<Guid> LocationAsync() => CreateAsync("/api/locations", TestData.Location());

        public async Task<Guid> ServiceAsync() =>
            await CreateAsync("/api/services", TestData.Service(await OrganizationAsync(), [await LocationAsync()]));

        public async Task<Guid> SurveyAsync() => await CreateAsync("/api/surveys", SurveyBody());

        public async Task<Guid> KeyAsync() => await CreateAsync("/api/keys",
            new { name = $"失効用 {Guid.NewGuid():N}", role = "partner", home_municipality_code = Own });

        private async Task<Guid> CreateAsync(string url, object body) =>
            (await (await admin.SendJsonAsync(HttpMethod.Post, url, body)).JsonAsync(201)).GetProperty("id").GetGuid();
    }

    private static Dictionary<string, object?> SurveyBody() => new()
    {
        ["title"] = $"権限表の調査 {Guid.NewGuid():N}", ["issuing_municipality_code"] = Own, ["region_id"] = "noboribetsu-survey-2024",
        ["municipality_codes"] = null, ["period_start"] = null, ["period_end"] = null, ["mapping_profile_id"] = null,
    };

    private static HttpRequestMessage Get(string url) => new(HttpMethod.Get, url);

    private static HttpRequestMessage Send(HttpMethod method, string url, object? body = null, string mediaType = "application/json") => new(method, url)
    {
        Content = body is null ? null : new StringContent(body as string ?? JsonSerializer.Serialize(body, ApiFixture.Json), Encoding.UTF8, mediaType),
    };

    private static Dictionary<string, object?> With(Dictionary<string, object?> body, string field, object? value)
    {
        body[field] = value;
        return body;
    }

    private const string NoboribetsuPolygon =
        """{"type":"Polygon","coordinates":[[[141.0,42.35],[141.25,42.35],[141.25,42.5],[141.0,42.5],[141.0,42.35]]]}""";

    private static readonly Dictionary<string, Func<Arrange, Task<HttpRequestMessage>>> Requests = new()
    {
        ["GET /api/municipalities?prefecture=北海道"] = _ => Task.FromResult(Get("/api/municipalities?prefecture=北海道")),
        ["GET /api/municipalities/01230"] = _ => Task.FromResult(Get("/api/municipalities/01230")),
        ["GET /api/municipalities/01230/neighbours"] = _ => Task.FromResult(Get("/api/municipalities/01230/neighbours")),
        ["GET /api/regions"] = _ => Task.FromResult(Get("/api/regions")),
        ["GET /api/regions/nishi-iburi"] = _ => Task.FromResult(Get("/api/regions/nishi-iburi")),
        ["POST /api/regions"] = _ => Task.FromResult(Send(HttpMethod.Post, "/api/regions", new
        {
            id = $"matrix-{Guid.NewGuid():N}"[..20], name_ja = "権限表の圏域", name_en = "Matrix area", description = (string?)null,
            member_codes = new[] { Own, Foreign },
        })),
        ["GET /api/taxonomy"] = _ => Task.FromResult(Get("/api/taxonomy")),
        ["GET /api/taxonomy/service_category"] = _ => Task.FromResult(Get("/api/taxonomy/service_category")),

        ["GET /api/organizations"] = _ => Task.FromResult(Get("/api/organizations?municipality=01230")),
        ["GET /api/organizations/{id}"] = async a => Get($"/api/organizations/{await a.OrganizationAsync()}"),
        ["GET /api/organizations/{id} (owner scope)"] = async a => Get($"/api/organizations/{await a.OrganizationAsync("owner")}"),
        ["GET /api/organizations/{id} (shared with nishi-iburi)"] = async a =>
            Get($"/api/organizations/{await a.OrganizationAsync("partners", ["nishi-iburi"])}"),
        ["POST /api/organizations"] = _ => Task.FromResult(Send(HttpMethod.Post, "/api/organizations", TestData.Organization())),
        ["PUT /api/organizations/{id}"] = async a => Send(HttpMethod.Put, $"/api/organizations/{await a.OrganizationAsync()}", TestData.Organization()),
        ["PATCH /api/organizations/{id}"] = async a => Send(HttpMethod.Patch, $"/api/organizations/{await a.OrganizationAsync()}",
            new { description = "権限表で更新" }, "application/merge-patch+json"),
        ["PATCH /api/organizations/{id} (owner scope)"] = async a => Send(HttpMethod.Patch, $"/api/organizations/{await a.OrganizationAsync("owner")}",
            new { description = "権限表で更新" }, "application/merge-patch+json"),
        ["DELETE /api/organizations/{id}"] = async a => Send(HttpMethod.Delete, $"/api/organizations/{await a.OrganizationAsync()}"),
        ["POST /api/organizations/{id}/verify"] = async a => Send(HttpMethod.Post, $"/api/organizations/{await a.OrganizationAsync()}/verify"),

        ["GET /api/locations"] = _ => Task.FromResult(Get("/api/locations?municipality=01230")),
        ["GET /api/locations/{id}"] = async a => Get($"/api/locations/{await a.LocationAsync()}"),
        ["POST /api/locations"] = _ => Task.FromResult(Send(HttpMethod.Post, "/api/locations", TestData.Location())),
        ["PUT /api/locations/{id}"] = async a => Send(HttpMethod.Put, $"/api/locations/{await a.LocationAsync()}",
            With(TestData.Location(), "name", "権限表の会館")),
        ["PATCH /api/locations/{id}"] = async a => Send(HttpMethod.Patch, $"/api/locations/{await a.LocationAsync()}",
            new { name = "権限表の会館" }, "application/merge-patch+json"),
        ["DELETE /api/locations/{id}"] = async a => Send(HttpMethod.Delete, $"/api/locations/{await a.LocationAsync()}"),
        ["POST /api/locations/{id}/verify"] = async a => Send(HttpMethod.Post, $"/api/locations/{await a.LocationAsync()}/verify"),

        ["GET /api/services"] = _ => Task.FromResult(Get("/api/services?municipality=01230")),
        ["GET /api/services/{id}"] = async a => Get($"/api/services/{await a.ServiceAsync()}"),
        ["POST /api/services"] = async a => Send(HttpMethod.Post, "/api/services",
            TestData.Service(await a.OrganizationAsync(), [await a.LocationAsync()])),
        ["POST /api/services owned by 01205 under a 01230 organisation"] = async a => Send(HttpMethod.Post, "/api/services",
            With(TestData.Service(await a.OrganizationAsync(), [await a.LocationAsync()]), "owner_municipality_code", Foreign)),
        ["PUT /api/services/{id}"] = async a => Send(HttpMethod.Put, $"/api/services/{await a.ServiceAsync()}",
            TestData.Service(await a.OrganizationAsync(), [await a.LocationAsync()])),
        ["PATCH /api/services/{id}"] = async a => Send(HttpMethod.Patch, $"/api/services/{await a.ServiceAsync()}",
            new { description = "権限表で更新" }, "application/merge-patch+json"),
        ["DELETE /api/services/{id}"] = async a => Send(HttpMethod.Delete, $"/api/services/{await a.ServiceAsync()}"),
        ["POST /api/services/{id}/verify"] = async a => Send(HttpMethod.Post, $"/api/services/{await a.ServiceAsync()}/verify"),

        ["GET /api/search/nearby"] = _ => Task.FromResult(Get("/api/search/nearby?lat=42.413&lng=141.106&radius_m=5000&limit=5")),
        ["GET /api/search/map"] = _ => Task.FromResult(Get("/api/search/map?bbox=141.0,42.35,141.25,42.5&limit=5")),
        ["GET /api/search/region"] = _ => Task.FromResult(Get("/api/search/region?municipality=01230&limit=5")),
        ["POST /api/search/region"] = _ => Task.FromResult(Send(HttpMethod.Post, "/api/search/region?limit=5", NoboribetsuPolygon)),
        ["GET /api/search/coverage"] = _ => Task.FromResult(Get("/api/search/coverage?municipality=01578&limit=5")),
        ["GET /tiles/services/{z}/{x}/{y}.mvt"] = _ => Task.FromResult(Get("/tiles/services/10/913/378.mvt")),
        ["GET /tiles/municipalities/{z}/{x}/{y}.mvt"] = _ => Task.FromResult(Get("/tiles/municipalities/8/228/94.mvt")),
        ["GET /api/sharing/capacity"] = _ => Task.FromResult(Get("/api/sharing/capacity?for=01578&region=nishi-iburi&category=ibasho")),
        ["GET /api/geocode"] = _ => Task.FromResult(Get($"/api/geocode?address={Uri.EscapeDataString("登別市幌別町１－５－３")}")),

        ["GET /api/surveys"] = _ => Task.FromResult(Get("/api/surveys")),
        ["GET /api/surveys/{id}"] = async a => Get($"/api/surveys/{await a.SurveyAsync()}"),
        ["POST /api/surveys"] = _ => Task.FromResult(Send(HttpMethod.Post, "/api/surveys", SurveyBody())),
        ["POST /api/surveys/{id}/status"] = async a => Send(HttpMethod.Post, $"/api/surveys/{await a.SurveyAsync()}/status", new { status = "fielding" }),
        ["GET /api/surveys/{id}/targets"] = async a => Get($"/api/surveys/{await a.SurveyAsync()}/targets"),
        ["POST /api/surveys/{id}/targets"] = async a => Send(HttpMethod.Post, $"/api/surveys/{await a.SurveyAsync()}/targets",
            new { legal_forms = new[] { "npo" } }),
        ["GET /api/surveys/{id}/imports"] = async a => Get($"/api/surveys/{await a.SurveyAsync()}/imports"),
        ["POST /api/surveys/{id}/publish (draft)"] = async a => Send(HttpMethod.Post, $"/api/surveys/{await a.SurveyAsync()}/publish"),
        ["GET /api/surveys/{id}/statistics"] = async a => Get($"/api/surveys/{await a.SurveyAsync()}/statistics"),
        ["GET /api/surveys/{id}/statistics?format=csv"] = async a => Get($"/api/surveys/{await a.SurveyAsync()}/statistics?format=csv"),
        ["GET /api/mapping-profiles"] = _ => Task.FromResult(Get("/api/mapping-profiles")),
        ["GET /api/mapping-profiles/noboribetsu-2024"] = _ => Task.FromResult(Get("/api/mapping-profiles/noboribetsu-2024")),
        ["PUT /api/mapping-profiles/{id}"] = _ => Task.FromResult(Send(HttpMethod.Put, $"/api/mapping-profiles/matrix-{Guid.NewGuid():N}", new
        {
            name = "権限表", kind = "answers", columns = new Dictionary<string, string[]> { ["organization_name"] = ["団体名"] },
        })),

        ["GET /api/analytics/stale"] = _ => Task.FromResult(Get("/api/analytics/stale?municipality=01230&limit=5")),
        ["GET /api/analytics/coverage"] = _ => Task.FromResult(Get("/api/analytics/coverage?region=nishi-iburi")),
        ["GET /api/analytics/coverage?format=csv"] = _ => Task.FromResult(Get("/api/analytics/coverage?region=nishi-iburi&format=csv")),
        ["GET /api/analytics/populations"] = _ => Task.FromResult(Get("/api/analytics/populations?region=nishi-iburi")),
        // 与那国町 (47382): no other test in this database reads populations. Made-up figure, test data only.
        ["PUT /api/analytics/populations"] = _ => Task.FromResult(new HttpRequestMessage(HttpMethod.Put, "/api/analytics/populations")
        {
            Content = new MultipartFormDataContent
            {
                { new ByteArrayContent(Encoding.UTF8.GetBytes("municipality_code,population,as_of,source\n47382,1000,2020-10-01,権限表のテストデータ\n")),
                  "file", "populations.csv" },
            },
        }),
        ["GET /api/audit"] = _ => Task.FromResult(Get("/api/audit?limit=5")),
        ["GET /api/keys"] = _ => Task.FromResult(Get("/api/keys")),
        ["POST /api/keys"] = _ => Task.FromResult(Send(HttpMethod.Post, "/api/keys",
            new { name = $"権限表 {Guid.NewGuid():N}", role = "admin", home_municipality_code = Own })),
        ["DELETE /api/keys/{id}"] = async a => Send(HttpMethod.Delete, $"/api/keys/{await a.KeyAsync()}"),
        ["GET /health/ready"] = _ => Task.FromResult(Get("/health/ready")),
    };
}
