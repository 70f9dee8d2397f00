using System.Net;
using System.Text;
using ResourceMap.Api.Hosting;
using ResourceMap.IntegrationTests.Infrastructure;

namespace ResourceMap.IntegrationTests.Hardening;

/// <summary>If-Match, media types, methods, HEAD, Location, the upload spool and the read rate limit.</summary>
[Collection(ApiCollection.Name)]
public class ProtocolTests(ApiFixture api)
{
    private async Task<(string Url, string ETag)> OrganizationAsync()
    {
        var response = await api.Admin().SendJsonAsync(HttpMethod.Post, "/api/organizations", TestData.Organization());
        var created = await response.JsonAsync(201);
        return ($"/api/organizations/{created.GetProperty("id").GetGuid()}", response.Headers.ETag!.ToString());
    }

    private Task<HttpResponseMessage> PatchAsync(string url, string? ifMatch, string body = "{\"website\":\"https://example.org/a\"}",
        string mediaType = "application/merge-patch+json")
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, url) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return api.Admin().SendAsync(request);
    }

    [Fact]
    public async Task If_Match_compares_strongly_over_a_list_of_tags_and_accepts_the_asterisk()
    {
        var (url, etag) = await OrganizationAsync();
        await (await PatchAsync(url, "W/" + etag)).ProblemAsync(412, "urn:resourcemap:problem:precondition-failed");
        await (await PatchAsync(url, "\"1\", \"2\"")).ProblemAsync(412, "urn:resourcemap:problem:precondition-failed");
        await (await PatchAsync(url, "not-a-tag")).ProblemAsync(412, "urn:resourcemap:problem:precondition-failed");
        var listed = await PatchAsync(url, $"\"1\", {etag}, \"3\"");
        await listed.JsonAsync(200);
        await (await PatchAsync(url, "*", "{\"website\":\"https://example.org/b\"}")).JsonAsync(200);
        // The old ETag no longer matches, alone or in a list.
        await (await PatchAsync(url, $"{etag}, \"7\"")).ProblemAsync(412, "urn:resourcemap:problem:precondition-failed");
    }

    [Fact]
    public async Task Concurrent_writes_without_If_Match_all_go_ahead()
    {
        var (url, _) = await OrganizationAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            PatchAsync(url, null, $"{{\"website\":\"https://example.org/{i}\"}}")));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
    }

    [Theory]
    [InlineData("PATCH", "application/json")]
    [InlineData("PATCH", "text/plain")]
    [InlineData("PUT", "application/merge-patch+json")]
    [InlineData("PUT", "text/plain")]
    [InlineData("POST", "application/merge-patch+json")]
    [InlineData("POST", "application/x-www-form-urlencoded")]
    public async Task A_body_in_a_media_type_the_endpoint_does_not_take_is_415(string method, string mediaType)
    {
        var (url, etag) = await OrganizationAsync();
        var target = method == "POST" ? "/api/organizations" : url;
        var request = new HttpRequestMessage(new HttpMethod(method), target)
        {
            Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(TestData.Organization(), ApiFixture.Json), Encoding.UTF8, mediaType),
        };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        await (await api.Admin().SendAsync(request)).ProblemAsync(415, "urn:resourcemap:problem:unsupported-media-type");
    }

    [Theory]
    [InlineData("/api/municipalities/01230")]
    [InlineData("/api/organizations")]
    [InlineData("/api/search/region?municipality=01230")]
    [InlineData("/api/taxonomy")]
    [InlineData("/health/ready")]
    [InlineData("/openapi/v1.json")]
    public async Task HEAD_answers_every_GET_endpoint_with_its_headers_and_no_body(string url)
    {
        var get = await api.Anonymous().GetAsync(url);
        var head = await api.Anonymous().SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("TRACE", "/health/ready")]
    [InlineData("PROPFIND", "/health/live")]
    [InlineData("CONNECT", "/health/ready")]
    [InlineData("POST", "/health/live")]
    [InlineData("DELETE", "/api/taxonomy")]
    [InlineData("PUT", "/api/search/nearby")]
    public async Task Methods_an_endpoint_does_not_take_are_405_problems(string method, string url)
    {
        var response = await api.Anonymous().SendAsync(new HttpRequestMessage(new HttpMethod(method), url));
        await response.ProblemAsync(405, "urn:resourcemap:problem:method-not-allowed");
    }

    [Fact]
    public async Task Location_comes_from_the_public_base_url_not_the_Host_header()
    {
        var client = api.Admin();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/organizations")
        {
            Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(TestData.Organization(), ApiFixture.Json), Encoding.UTF8, "application/json"),
        };
        request.Headers.Host = "evil.example:666";
        var response = await client.SendAsync(request);
        var created = await response.JsonAsync(201);
        Assert.Equal($"{PublicBaseUrlOptions.Default}/api/organizations/{created.GetProperty("id").GetGuid()}", response.Headers.Location!.ToString());
    }

    [Fact]
    public void Upload_spool_files_of_a_crashed_process_are_removed_at_start_up_and_a_running_one_keeps_its_own()
    {
        var root = Path.Combine(Path.GetTempPath(), $"resourcemap-spool-test-{Guid.NewGuid():N}");
        var dead = Path.Combine(root, "999999999"); // beyond any pid: that process is gone
        var own = Path.Combine(root, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dead);
        Directory.CreateDirectory(own);
        File.WriteAllText(Path.Combine(dead, "resourcemap-upload-left-behind"), "x");
        File.WriteAllText(Path.Combine(own, "resourcemap-upload-in-use"), "x");
        try
        {
            Assert.Equal(1, UploadTempFiles.RemoveOrphans(root));
            Assert.False(Directory.Exists(dead));
            Assert.True(File.Exists(Path.Combine(own, "resourcemap-upload-in-use")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Expensive_reads_including_POST_searches_are_limited_per_key_and_per_address_with_RateLimit_headers()
    {
        await using var limited = api.WithSettings(("RateLimiting:PermitPerMinute", "3"), ("RateLimiting:KeyedPermitPerMinute", "5"));
        const string polygon = "{\"type\":\"Polygon\",\"coordinates\":[[[140.95,42.30],[141.25,42.35],[141.05,42.50],[140.95,42.30]]]}";
        HttpRequestMessage Search() => new(HttpMethod.Post, "/api/search/region") { Content = new StringContent(polygon, Encoding.UTF8, "application/json") };

        var anonymous = limited.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            var ok = await anonymous.SendAsync(Search());
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal("3", ok.Headers.GetValues("RateLimit-Limit").Single());
            Assert.Equal((2 - i).ToString(System.Globalization.CultureInfo.InvariantCulture), ok.Headers.GetValues("RateLimit-Remaining").Single());
            Assert.InRange(int.Parse(ok.Headers.GetValues("RateLimit-Reset").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        }
        var rejected = await anonymous.SendAsync(Search());
        await rejected.ProblemAsync(429, "urn:resourcemap:problem:too-many-requests");
        Assert.InRange(int.Parse(rejected.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal("0", rejected.Headers.GetValues("RateLimit-Remaining").Single());

        // A valid key has a budget of its own (5), whatever the address has used.
        var keyed = limited.CreateClient();
        keyed.DefaultRequestHeaders.Add("X-Api-Key", ApiFixture.EditorKey);
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await keyed.SendAsync(Search())).StatusCode);
        var keyedRejected = await keyed.GetAsync("/api/taxonomy");
        await keyedRejected.ProblemAsync(429, "urn:resourcemap:problem:too-many-requests");
        Assert.Equal("5", keyedRejected.Headers.GetValues("RateLimit-Limit").Single());
    }
}
