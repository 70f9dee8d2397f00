using System.Net;
using Microsoft.AspNetCore.Hosting;
using ResourceMap.IntegrationTests.Infrastructure;

namespace ResourceMap.IntegrationTests.WebConsole;

/// <summary>
/// The web console is static files in the web root: index.html at /, hashed assets under /assets. Its pages get
/// their own CSP (this origin only, no inline script, no blob: worker); API responses keep the allow-nothing one.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class WebConsoleHostingTests(ApiFixture api) : IDisposable
{
    private readonly string _webRoot = Directory.CreateTempSubdirectory("resourcemap-console-").FullName;

    [Fact]
    public async Task The_console_is_served_at_the_root_with_its_own_CSP_and_cached_assets_outside_the_read_limit()
    {
        File.WriteAllText(Path.Combine(_webRoot, "index.html"), "<!doctype html><title>ResourceMap</title>");
        Directory.CreateDirectory(Path.Combine(_webRoot, "assets"));
        File.WriteAllText(Path.Combine(_webRoot, "assets", "app-ABC123.js"), "console.log('ok');");
        await using var factory = api.WithSettings((WebHostDefaults.WebRootKey, _webRoot), ("RateLimiting:PermitPerMinute", "1"));
        var client = factory.CreateClient();

        var page = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("worker-src 'self'", csp);
        Assert.Contains("connect-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("blob:", csp.Split(';').Single(d => d.Trim().StartsWith("worker-src", StringComparison.Ordinal)));
        Assert.Equal("no-cache", page.Headers.CacheControl?.ToString());
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());

        // Loading the page's files twice stays under a limit of one read a minute: they are not API reads.
        for (var i = 0; i < 2; i++)
        {
            var asset = await client.GetAsync("/assets/app-ABC123.js");
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
            var cache = asset.Headers.CacheControl!;
            Assert.Contains(cache.Extensions, e => e.Name == "immutable");
            Assert.Equal(TimeSpan.FromDays(365), cache.MaxAge);
        }

        var apiRead = await client.GetAsync("/api/taxonomy");
        Assert.StartsWith("default-src 'none'", apiRead.Headers.GetValues("Content-Security-Policy").Single());
    }

    public void Dispose() => Directory.Delete(_webRoot, recursive: true);
}
