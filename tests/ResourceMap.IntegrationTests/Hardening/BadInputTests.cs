using System.Net;
using System.Text;
using ResourceMap.IntegrationTests.Infrastructure;

namespace ResourceMap.IntegrationTests.Hardening;

/// <summary>Input that used to fail deep in the database as a 500: each is a 400 validation problem naming the field.</summary>
[Collection(ApiCollection.Name)]
public class BadInputTests(ApiFixture api)
{
    private const string Validation = "urn:resourcemap:problem:validation";

    private static string Organization(string nameJson, string extra = "") =>
        "{\"name\":" + nameJson + ",\"name_kana\":null,\"legal_form\":\"npo\",\"corporate_number\":null,\"description\":null," +
        "\"website\":null,\"email\":null,\"phones\":[],\"platform_member\":false,\"platform_role\":null,\"platform_joined_on\":null," +
        "\"owner_municipality_code\":\"01230\"" + extra + "}";

    private async Task<string> SendAsync(HttpMethod method, string url, string? body, string mediaType = "application/json", string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, mediaType);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        var response = await api.Admin().SendAsync(request);
        var problem = await response.ProblemAsync(400, Validation);
        return problem.GetProperty("errors").GetRawText();
    }

    public static TheoryData<string, string, string> PostBodies => new()
    {
        { "/api/organizations", Organization("\"居場所\\u0000の会\""), "name" },
        { "/api/organizations", Organization("\"居場所\\ud800の会\""), "name" },
        { "/api/organizations", Organization("\"居場所\\udc00\""), "name" },
        { "/api/organizations", Organization("\"居場所\\u0007の会\""), "name" },
        { "/api/organizations", Organization("\"居場所\\nの会\""), "name" },
        { "/api/organizations", Organization("\"居場所の会\"", ",\"description\":\"a\\u0000b\""), "description" },
        { "/api/organizations", Organization("\"A\"", ",\"name\":\"B\""), "name" },
        { "/api/organizations", Organization("\"A\"").Replace("\"platform_member\":false", "\"platform_member\":\"false\"", StringComparison.Ordinal), "platform_member" },
        { "/api/locations", "{\"name\":\"会館\",\"address\":\"登別市\",\"postal_code\":null,\"municipality_code\":\"01230\",\"lat\":\"42.41\",\"lng\":141.1,\"precision\":\"town\"}", "lat" },
        { "/api/regions", "{\"id\":\"dup-keys-region\",\"id\":\"other-region\",\"name_ja\":\"a\",\"name_en\":\"b\",\"description\":null,\"member_codes\":[\"01230\"]}", "id" },
        { "/api/regions", "{\"id\":\"numbers-region\",\"name_ja\":\"a\",\"name_en\":\"b\",\"description\":null,\"member_codes\":[1230]}", "member_codes[0]" },
        { "/api/search/region", "{\"type\":\"Polygon\",\"coordinates\":[[[140.95,42.30],[141.25,42.35],[141.05,42.50],[140.96,42.31]]]}", "body" },
        { "/api/search/region", "{\"type\":\"Hexagon\",\"coordinates\":[[[140.95,42.30],[141.25,42.35],[141.05,42.50],[140.95,42.30]]]}", "body" },
        { "/api/search/region", "{\"type\":\"Polygon\",\"coordinates\":[]}", "body" },
        { "/api/search/region", "{\"type\":\"MultiPolygon\",\"coordinates\":[[]]}", "body" },
        { "/api/search/region", "{\"type\":\"Polygon\",\"coordinates\":[[[140.95,42.30],[141.25,95.35],[141.05,42.50],[140.95,42.30]]]}", "body" },
        { "/api/search/region", "{\"type\":\"Polygon\",\"coordinates\":[[[140.95,-91],[141.25,42.35],[141.05,42.50],[140.95,-91]]]}", "body" },
        { "/api/search/region", "{\"type\":\"Polygon\",\"type\":\"Polygon\",\"coordinates\":[[[140.95,42.30],[141.25,42.35],[141.05,42.50],[140.95,42.30]]]}", "body" },
    };

    [Theory]
    [MemberData(nameof(PostBodies))]
    public async Task A_body_the_database_cannot_take_is_a_400_naming_the_field(string url, string body, string field)
    {
        var errors = await SendAsync(HttpMethod.Post, url, body);
        Assert.Contains($"\"{field}\"", errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/search/region?municipality=01230&q=%00%E5%B1%85", "q")]
    [InlineData("/api/organizations?q=%E5%B1%85%00", "q")]
    [InlineData("/api/services?page=2147483647&page_size=100", "page")]
    [InlineData("/api/organizations?page=2147483647", "page")]
    [InlineData("/api/services?page=abc", "page")]
    [InlineData("/api/services?page_size=1e3", "page_size")]
    [InlineData("/api/services?organization_id=not-a-uuid", "organization_id")]
    [InlineData("/api/locations?page=99999999999", "page")]
    [InlineData("/api/regions/ab%01cd", "id")]
    [InlineData("/api/audit?entity_type=organization&limit=ten", "limit")]
    public async Task A_parameter_that_does_not_bind_or_cannot_be_stored_is_a_400_naming_it(string url, string parameter)
    {
        var response = await api.Admin().GetAsync(url);
        var problem = await response.ProblemAsync(400, Validation);
        problem.FieldError(parameter);
    }

    private async Task<(Guid Id, string ETag)> ServiceAsync()
    {
        var organization = await (await api.Admin().SendJsonAsync(HttpMethod.Post, "/api/organizations", TestData.Organization())).JsonAsync(201);
        var response = await api.Admin().SendJsonAsync(HttpMethod.Post, "/api/services", TestData.Service(organization.GetProperty("id").GetGuid()));
        var service = await response.JsonAsync(201);
        return (service.GetProperty("id").GetGuid(), response.Headers.ETag!.ToString());
    }

    public static TheoryData<string, string> ServicePatches => new()
    {
        { "{\"name\":\"a\\ud83d\"}", "name" },
        { "{\"name\":\"a\\u0000\"}", "name" },
        { "{\"name\":\"a\",\"name\":\"b\"}", "name" },
        { "{\"anonymous_ok\":\"true\"}", "anonymous_ok" },
        { "{\"service_area\":{\"level\":\"part_of_municipality\",\"municipality_codes\":[\"01230\"],\"drawn_area\":{\"type\":\"Point\",\"coordinates\":[141.1,42.41]}}}", "service_area.drawn_area" },
        { "{\"service_area\":{\"level\":\"part_of_municipality\",\"municipality_codes\":[\"01230\"],\"drawn_area\":{\"type\":\"Polygon\",\"coordinates\":[[[141.1,42.41],[141.12,42.41],[141.12,42.43],[141.1,42.43]]]}}}", "service_area.drawn_area" },
        { "{\"service_area\":{\"level\":\"part_of_municipality\",\"municipality_codes\":[\"01230\"],\"drawn_area\":{\"type\":\"Polygon\",\"coordinates\":[[[141.1,142.41],[141.12,42.41],[141.12,42.43],[141.1,142.41]]]}}}", "service_area.drawn_area" },
    };

    [Theory]
    [MemberData(nameof(ServicePatches))]
    public async Task A_merge_patch_the_database_cannot_take_is_a_400_naming_the_field(string patch, string field)
    {
        var (id, etag) = await ServiceAsync();
        var errors = await SendAsync(HttpMethod.Patch, $"/api/services/{id}", patch, "application/merge-patch+json", etag);
        Assert.Contains($"\"{field}", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_drawn_area_that_is_a_point_is_refused_on_create()
    {
        var organization = await (await api.Admin().SendJsonAsync(HttpMethod.Post, "/api/organizations", TestData.Organization())).JsonAsync(201);
        var body = TestData.Service(organization.GetProperty("id").GetGuid(),
            serviceArea: TestData.Area("part_of_municipality", codes: ["01230"], drawn: new { type = "Point", coordinates = new[] { 141.1, 42.41 } }));
        var problem = await (await api.Admin().SendJsonAsync(HttpMethod.Post, "/api/services", body)).ProblemAsync(400, Validation);
        problem.FieldError("service_area.drawn_area");
    }

    [Fact]
    public async Task Twenty_concurrent_creations_of_one_region_id_are_one_201_and_nineteen_409()
    {
        var id = $"race-{Guid.NewGuid():N}"[..24];
        var body = new { id, name_ja = "競合", name_en = "Race", description = (string?)null, member_codes = new[] { "01230", "01578" } };
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => api.Admin().SendJsonAsync(HttpMethod.Post, "/api/regions", body)));
        var codes = responses.Select(r => (int)r.StatusCode).ToList();
        Assert.Equal(1, codes.Count(c => c == 201));
        Assert.Equal(19, codes.Count(c => c == 409));
        foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
            await conflict.ProblemAsync(409, "urn:resourcemap:problem:conflict");
    }
}
