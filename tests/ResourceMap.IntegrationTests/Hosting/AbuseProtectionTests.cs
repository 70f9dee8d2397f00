using System.Globalization;
using System.Net;
using System.Text.Json;
using ResourceMap.IntegrationTests.Infrastructure;

namespace ResourceMap.IntegrationTests.Hosting;

[Collection(ApiCollection.Name)]
public class AbuseProtectionTests(ApiFixture api)
{
    [Fact]
    public async Task Reads_over_the_limit_get_429_with_Retry_After_and_writes_and_health_are_not_counted()
    {
        // A factory of its own on the same (already migrated and seeded) database, with a limit of 3 reads a minute.
        await using var limited = api.WithSettings(("RateLimiting:PermitPerMinute", "3"));
        var client = limited.CreateClient();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/municipalities/01230")).StatusCode);

        var rejected = await client.GetAsync("/api/municipalities/01230");
        var problem = await rejected.ProblemAsync(429, "urn:resourcemap:problem:too-many-requests");
        Assert.NotNull(problem.GetProperty("request_id").GetString());
        var retryAfter = int.Parse(rejected.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        // An invented API key does not lift the limit.
        var withKey = limited.CreateClient();
        withKey.DefaultRequestHeaders.Add("X-Api-Key", "made-up");
        Assert.Equal((HttpStatusCode)429, (await withKey.GetAsync("/api/taxonomy")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        // Writes are not rate limited here (they need a key): this one gets as far as authentication.
        var write = await client.SendJsonAsync(HttpMethod.Post, "/api/organizations", TestData.Organization());
        Assert.Equal(HttpStatusCode.Unauthorized, write.StatusCode);
    }

    [Fact]
    public async Task Every_response_carries_the_security_headers()
    {
        var client = api.Anonymous();
        foreach (var url in new[] { "/api/municipalities/01230", "/api/organizations/00000000-0000-0000-0000-000000000001", "/openapi/v1.json" })
        {
            var response = await client.GetAsync(url);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        }

        // Swagger UI needs its own scripts and styles: no CSP there, the other headers still apply.
        var swagger = await client.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, swagger.StatusCode);
        Assert.False(swagger.Headers.Contains("Content-Security-Policy"));
        Assert.Equal("nosniff", swagger.Headers.GetValues("X-Content-Type-Options").Single());
    }

    private const string Validation = "urn:resourcemap:problem:validation";

    /// <summary>Unbounded reads (OWASP API4): every list and search caps its page size, and asking for more is 400.</summary>
    [Theory]
    [InlineData("/api/organizations?page_size=101", "page_size")]
    [InlineData("/api/locations?page_size=101", "page_size")]
    [InlineData("/api/services?page_size=101", "page_size")]
    [InlineData("/api/services?page_size=0", "page_size")]
    [InlineData("/api/search/nearby?lat=42.413&lng=141.106&radius_m=5000&limit=201", "limit")]
    [InlineData("/api/search/nearby?lat=42.413&lng=141.106&radius_m=50001", "radius_m")]
    [InlineData("/api/search/map?bbox=141.0,42.35,141.25,42.5&limit=501", "limit")]
    [InlineData("/api/search/map?bbox=128,30,146,46", "bbox")]
    [InlineData("/api/search/region?municipality=01230&limit=201", "limit")]
    [InlineData("/api/search/coverage?municipality=01578&limit=201", "limit")]
    [InlineData("/api/search/coverage?municipality=01578&limit=-1", "limit")]
    [InlineData("/api/analytics/stale?limit=501", "limit")]
    [InlineData("/api/audit?limit=501", "limit")]
    public async Task Asking_for_more_than_the_maximum_page_is_400_naming_the_parameter(string url, string parameter)
    {
        var problem = await (await api.Admin().GetAsync(url)).ProblemAsync(400, Validation);
        Assert.NotEmpty(problem.FieldError(parameter));
    }

    [Fact]
    public async Task A_drawn_polygon_search_caps_its_page_too()
    {
        const string polygon = """{"type":"Polygon","coordinates":[[[141.0,42.35],[141.25,42.35],[141.25,42.5],[141.0,42.5],[141.0,42.35]]]}""";
        var response = await api.Anonymous().PostAsync("/api/search/region?limit=201",
            new StringContent(polygon, System.Text.Encoding.UTF8, "application/json"));
        Assert.NotEmpty((await response.ProblemAsync(400, Validation)).FieldError("limit"));
    }

    /// <summary>
    /// Mass assignment (OWASP API3): fields the server owns — ids, roles, archive and verification stamps, versions, a
    /// survey's status, a key's hash — are unknown properties of every write body and are refused (400), never stored.
    /// </summary>
    public static TheoryData<string, string> ServerOwnedFields()
    {
        var rows = new TheoryData<string, string>();
        string[] common = ["id", "archived_at", "archived", "role", "version", "created_at", "last_verified_at", "source"];
        foreach (var write in new[] { "POST /api/organizations", "PATCH /api/organizations", "POST /api/locations", "PATCH /api/locations",
                     "POST /api/services", "PATCH /api/services" })
            foreach (var field in common) rows.Add(write, field);
        foreach (var field in new[] { "id", "status", "published_at", "role", "created_at" }) rows.Add("POST /api/surveys", field);
        foreach (var field in new[] { "id", "hash", "key", "revoked_at", "created_by", "created_at" }) rows.Add("POST /api/keys", field);
        foreach (var field in new[] { "kind", "members", "boundary", "created_at" }) rows.Add("POST /api/regions", field);
        return rows;
    }

    [Theory]
    [MemberData(nameof(ServerOwnedFields))]
    public async Task Server_owned_fields_cannot_be_mass_assigned(string write, string field)
    {
        var admin = api.Admin();
        var forged = field switch
        {
            "archived" => (object)true,
            "version" => 1,
            "role" => "admin",
            "kind" => "prefecture",
            "status" => "published",
            "id" => Guid.NewGuid(),
            _ => "2020-01-01T00:00:00Z",
        };
        var (method, url, body) = await WriteAsync(admin, write);
        body[field] = forged;
        var response = await admin.SendJsonAsync(method, url, body,
            mediaType: method == HttpMethod.Patch ? "application/merge-patch+json" : "application/json");
        var problem = await response.ProblemAsync(400, Validation);
        Assert.Contains("Unknown property", problem.FieldError(field));

        if (method == HttpMethod.Patch)
        {
            var stored = await (await admin.GetAsync(url)).JsonAsync(200);
            Assert.Equal(url.Split('/')[^1], stored.GetProperty("id").GetString());
            Assert.False(stored.GetProperty("archived").GetBoolean());
        }
    }

    private static async Task<(HttpMethod Method, string Url, Dictionary<string, object?> Body)> WriteAsync(HttpClient admin, string write)
    {
        async Task<Guid> CreateAsync(string url, object body) =>
            (await (await admin.SendJsonAsync(HttpMethod.Post, url, body)).JsonAsync(201)).GetProperty("id").GetGuid();
        var location = TestData.Location();
        switch (write)
        {
            case "POST /api/organizations": return (HttpMethod.Post, "/api/organizations", TestData.Organization());
            case "PATCH /api/organizations":
                return (HttpMethod.Patch, $"/api/organizations/{await CreateAsync("/api/organizations", TestData.Organization())}", new() { ["description"] = "x" });
            case "POST /api/locations": return (HttpMethod.Post, "/api/locations", location);
            case "PATCH /api/locations":
                return (HttpMethod.Patch, $"/api/locations/{await CreateAsync("/api/locations", location)}", new() { ["name"] = "x" });
            case "POST /api/services":
                return (HttpMethod.Post, "/api/services",
                    TestData.Service(await CreateAsync("/api/organizations", TestData.Organization()), [await CreateAsync("/api/locations", location)]));
            case "PATCH /api/services":
                var service = await CreateAsync("/api/services",
                    TestData.Service(await CreateAsync("/api/organizations", TestData.Organization()), [await CreateAsync("/api/locations", location)]));
                return (HttpMethod.Patch, $"/api/services/{service}", new() { ["description"] = "x" });
            case "POST /api/surveys":
                return (HttpMethod.Post, "/api/surveys", new()
                {
                    ["title"] = "一括代入", ["issuing_municipality_code"] = "01230", ["region_id"] = "nishi-iburi", ["municipality_codes"] = null,
                    ["period_start"] = null, ["period_end"] = null, ["mapping_profile_id"] = null,
                });
            case "POST /api/keys":
                return (HttpMethod.Post, "/api/keys", new() { ["name"] = "一括代入", ["role"] = "partner", ["home_municipality_code"] = "01230" });
            case "POST /api/regions":
                return (HttpMethod.Post, "/api/regions", new()
                {
                    ["id"] = $"mass-{Guid.NewGuid():N}"[..20], ["name_ja"] = "一括代入", ["name_en"] = "Mass", ["description"] = null,
                    ["member_codes"] = new[] { "01230" },
                });
            default: throw new ArgumentOutOfRangeException(nameof(write), write, null);
        }
    }
}
