using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using ResourceMap.IntegrationTests.Infrastructure;

namespace ResourceMap.IntegrationTests.Sharing;

[Collection(ApiCollection.Name)]
public class AbuseProtectionTests(ApiFixture api)
{
    [Fact]
    public async Task Reads_over_the_limit_get_429_with_Retry_After_and_writes_and_health_are_not_counted()
    {
        // A factory of its own on the same (already migrated and seeded) database, with a limit of 3 reads a minute.
        await using var limited = api.Factory.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("RateLimiting:PermitPerMinute", "3");
            builder.UseSetting("Database:MigrateOnStartup", "false");
            builder.UseSetting("Seed:ReferenceData", "false");
            builder.UseSetting("Seed:SampleDirectory", "false");
        });
        var client = limited.CreateClient();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/municipalities/01230")).StatusCode);

        var rejected = await client.GetAsync("/api/municipalities/01230");
        var problem = await rejected.ProblemAsync(429, "urn:resourcemap:problem:too-many-requests");
        Assert.NotNull(problem.GetProperty("request_id").GetString());
        var retryAfter = int.Parse(rejected.Headers.GetValues("Retry-After").Single());
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
}
