using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using ResourceMap.IntegrationTests.Infrastructure;

namespace ResourceMap.IntegrationTests.Search;

/// <summary>What a map page on another origin needs: CORS, TileJSON, compressed tiles, honest GeoJSON, negotiation.</summary>
[Collection(SearchCollection.Name)]
public class FrontEndProtocolTests(SearchFixture data)
{
    private readonly HttpClient _client = data.Anonymous();
    private const string Origin = "http://127.0.0.1:8096";
    private const string Nearby = "/api/search/nearby?lat=42.413&lng=141.106&radius_m=5000&limit=20";
    private const string Tile = "/tiles/services/12/3653/1514.mvt";

    [Theory]
    [InlineData(Nearby)]
    [InlineData(Tile)]
    [InlineData("/tiles/municipalities/8/228/94.mvt")]
    [InlineData("/tiles/services.json")]
    [InlineData("/api/municipalities/01230")]
    [InlineData("/api/taxonomy")]
    public async Task Public_reads_answer_any_origin_without_credentials(string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Origin", Origin);
        var response = await _client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode}");
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task A_keyed_browser_request_passes_its_preflight()
    {
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/organizations");
        preflight.Headers.Add("Origin", Origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "x-api-key,content-type");
        var response = await _client.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var allowed = string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant();
        Assert.Contains("x-api-key", allowed);
        Assert.Contains("POST", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Methods")));

        var keyed = new HttpRequestMessage(HttpMethod.Get, "/api/keys");
        keyed.Headers.Add("Origin", Origin);
        keyed.Headers.Add("X-Api-Key", ApiFixture.AdminKey);
        var keyedResponse = await _client.SendAsync(keyed);
        Assert.Equal(HttpStatusCode.OK, keyedResponse.StatusCode);
        Assert.Equal("*", keyedResponse.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task TileJSON_describes_each_layer_with_tile_urls_from_the_public_base_url()
    {
        var factory = data.Factory.WithWebHostBuilder(b => b.UseSetting("Hosting:PublicBaseUrl", "https://maps.example.jp/resourcemap/"));
        var client = factory.CreateClient();
        var services = await (await client.GetAsync("/tiles/services.json?category=ibasho&open_at=2024-02-10T12:00")).JsonAsync(200);
        Assert.Equal("3.0.0", services.GetProperty("tilejson").GetString());
        var template = services.GetProperty("tiles")[0].GetString()!;
        Assert.StartsWith("https://maps.example.jp/resourcemap/tiles/services/{z}/{x}/{y}.mvt?", template);
        Assert.Contains("category=ibasho", template);
        Assert.Contains("open_at=2024-02-10T12%3A00", template);
        Assert.Equal(0, services.GetProperty("minzoom").GetInt32());
        Assert.Equal(22, services.GetProperty("maxzoom").GetInt32());
        var bounds = services.GetProperty("bounds").EnumerateArray().Select(b => b.GetDouble()).ToArray();
        Assert.Equal(4, bounds.Length);
        Assert.True(bounds[0] < 141.1 && bounds[2] > 141.1 && bounds[1] < 42.4 && bounds[3] > 42.4, string.Join(",", bounds));
        var layer = services.GetProperty("vector_layers").EnumerateArray().Single();
        Assert.Equal("services", layer.GetProperty("id").GetString());
        foreach (var field in new[] { "id", "name", "category", "anonymous_ok" })
            Assert.False(string.IsNullOrEmpty(layer.GetProperty("fields").GetProperty(field).GetString()));

        var municipalities = await (await client.GetAsync("/tiles/municipalities.json")).JsonAsync(200);
        Assert.Equal("https://maps.example.jp/resourcemap/tiles/municipalities/{z}/{x}/{y}.mvt", municipalities.GetProperty("tiles")[0].GetString());
        Assert.True(municipalities.GetProperty("vector_layers")[0].GetProperty("fields").TryGetProperty("code", out _));
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    public async Task Tiles_are_compressed_when_the_client_accepts_it(string coding)
    {
        var plain = await _client.GetAsync(Tile);
        var raw = await plain.Content.ReadAsByteArrayAsync();
        Assert.Null(plain.Content.Headers.ContentEncoding.FirstOrDefault());

        var request = new HttpRequestMessage(HttpMethod.Get, Tile);
        request.Headers.Add("Accept-Encoding", coding == "br" ? "gzip, deflate, br" : "gzip;q=1, br;q=0");
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(coding, response.Content.Headers.ContentEncoding.Single());
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        var compressed = await response.Content.ReadAsByteArrayAsync();
        Assert.True(compressed.Length < raw.Length, $"{compressed.Length} ≥ {raw.Length}");
        using var input = new MemoryStream(compressed);
        using Stream decoder = coding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        await decoder.CopyToAsync(output);
        Assert.Equal(raw, output.ToArray());
        // Each coding has its own validator, and a revisit with it is a 304.
        Assert.NotEqual(plain.Headers.ETag, response.Headers.ETag);
        var revisit = new HttpRequestMessage(HttpMethod.Get, Tile);
        revisit.Headers.Add("Accept-Encoding", coding);
        revisit.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await _client.SendAsync(revisit)).StatusCode);
    }

    [Fact]
    public async Task HEAD_on_a_tile_answers_its_headers_without_the_body()
    {
        var get = await _client.GetAsync(Tile);
        var length = (await get.Content.ReadAsByteArrayAsync()).Length;
        var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, Tile));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("application/vnd.mapbox-vector-tile", head.Content.Headers.ContentType?.MediaType);
        Assert.Equal(length, head.Content.Headers.ContentLength);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/tiles/services/12/100/1500.mvt"))).StatusCode);
    }

    [Fact]
    public async Task Large_JSON_and_GeoJSON_responses_are_compressed()
    {
        foreach (var format in new[] { "json", "geojson" })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/api/search/map?bbox=140.9,42.3,141.3,42.6&limit=500&format={format}");
            request.Headers.Add("Accept-Encoding", "br, gzip");
            var response = await _client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("br", response.Content.Headers.ContentEncoding.Single());
            var compressed = await response.Content.ReadAsByteArrayAsync();
            using var decoder = new BrotliStream(new MemoryStream(compressed), CompressionMode.Decompress);
            using var output = new MemoryStream();
            await decoder.CopyToAsync(output);
            Assert.True(compressed.Length * 3 < output.Length, $"{format}: {compressed.Length} of {output.Length}");
            var document = JsonDocument.Parse(output.ToArray()).RootElement;
            Assert.True(document.TryGetProperty(format == "json" ? "items" : "features", out _));
        }
    }

    [Fact]
    public async Task GeoJSON_has_six_decimals_a_bbox_and_next_links_a_client_can_follow()
    {
        var url = "/api/search/map?bbox=140.9,42.3,141.3,42.6&limit=100&format=geojson&category=ibasho";
        var seen = new HashSet<string>();
        var pages = 0;
        while (url is not null && pages < 50)
        {
            var response = await _client.GetAsync(url);
            var page = await response.JsonAsync(200);
            pages++;
            var features = page.GetProperty("features").EnumerateArray().ToList();
            var bbox = page.GetProperty("bbox").EnumerateArray().Select(b => b.GetDouble()).ToArray();
            foreach (var feature in features)
            {
                Assert.True(seen.Add(feature.GetProperty("id").GetString()!), "a feature came twice");
                var coordinates = feature.GetProperty("geometry").GetProperty("coordinates");
                foreach (var c in coordinates.EnumerateArray())
                {
                    var text = c.GetRawText();
                    Assert.True(!text.Contains('.') || text.Length - text.IndexOf('.') - 1 <= 6, $"{text} has more than 6 decimals");
                }
                Assert.InRange(coordinates[0].GetDouble(), bbox[0], bbox[2]);
                Assert.InRange(coordinates[1].GetDouble(), bbox[1], bbox[3]);
            }
            Assert.Equal(features.Min(f => f.GetProperty("geometry").GetProperty("coordinates")[0].GetDouble()), bbox[0]);
            var next = page.GetProperty("links").EnumerateArray().SingleOrDefault(l => l.GetProperty("rel").GetString() == "next");
            if (next.ValueKind == JsonValueKind.Undefined)
            {
                Assert.Equal(JsonValueKind.Null, page.GetProperty("next_cursor").ValueKind);
                url = null;
                continue;
            }
            var href = new Uri(next.GetProperty("href").GetString()!);
            Assert.Equal("http://127.0.0.1:5080", href.GetLeftPart(UriPartial.Authority)); // Hosting:PublicBaseUrl's default
            Assert.Contains("category=ibasho", href.Query);
            Assert.Equal($"<{href}>; rel=\"next\"", response.Headers.GetValues("Link").Single());
            url = href.PathAndQuery;
        }
        Assert.True(pages > 1, "the search should need several pages");
        var total = (await (await _client.GetAsync("/api/search/map?bbox=140.9,42.3,141.3,42.6&limit=1&category=ibasho")).JsonAsync(200)).GetProperty("total").GetInt64();
        Assert.Equal(Math.Min(total, 1000), seen.Count);

        var json = await (await _client.GetAsync("/api/search/map?bbox=140.9,42.3,141.3,42.6&limit=5")).JsonAsync(200);
        Assert.EndsWith("cursor=" + json.GetProperty("next_cursor").GetString(), json.GetProperty("next").GetString());
    }

    [Fact]
    public async Task Coverage_GeoJSON_says_which_services_have_no_site()
    {
        var organization = await (await data.Editor().SendJsonAsync(HttpMethod.Post, "/api/organizations", TestData.Organization())).JsonAsync(201);
        var service = TestData.Service(organization.GetProperty("id").GetGuid(), [], TestData.Area("municipality", codes: ["13102"]));
        service["channels"] = new[] { "phone" };
        var created = await (await data.Editor().SendJsonAsync(HttpMethod.Post, "/api/services", service)).JsonAsync(201);

        var collection = await (await _client.GetAsync("/api/search/coverage?municipality=13102&format=geojson")).JsonAsync(200);
        var feature = collection.GetProperty("features").EnumerateArray()
            .Single(f => f.GetProperty("properties").GetProperty("service_id").GetGuid() == created.GetProperty("id").GetGuid());
        Assert.Equal(JsonValueKind.Null, feature.GetProperty("geometry").ValueKind);
        Assert.False(feature.GetProperty("properties").GetProperty("has_site").GetBoolean());
        Assert.Equal("phone", feature.GetProperty("properties").GetProperty("channels")[0].GetString());
        var unlocated = collection.GetProperty("features").EnumerateArray().Count(f => f.GetProperty("geometry").ValueKind == JsonValueKind.Null);
        Assert.Equal(unlocated, collection.GetProperty("features_without_site").GetInt32());
    }

    [Theory]
    [InlineData("application/json, application/geo+json;q=0.1", "application/json")]
    [InlineData("application/geo+json, application/json;q=0.5", "application/geo+json")]
    [InlineData("application/*;q=0.2, application/geo+json;q=0.1", "application/json")]
    [InlineData("*/*", "application/json")]
    [InlineData("text/csv", "text/csv")]
    [InlineData("application/pdf;q=1, application/geo+json;q=0.3", "application/geo+json")]
    public async Task Accept_q_values_choose_the_format(string accept, string expected)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Nearby);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(Nearby)]
    [InlineData("/api/municipalities/01230")]
    [InlineData("/tiles/services.json")]
    [InlineData(Tile)]
    public async Task A_type_the_endpoint_cannot_produce_is_406(string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", "application/pdf");
        var problem = await (await _client.SendAsync(request)).ProblemAsync(406, "urn:resourcemap:problem:not-acceptable");
        Assert.Contains("application/pdf", problem.GetProperty("detail").GetString());
        // format= names the representation explicitly and wins over Accept.
        if (url == Nearby)
        {
            var explicitFormat = new HttpRequestMessage(HttpMethod.Get, url + "&format=csv");
            explicitFormat.Headers.TryAddWithoutValidation("Accept", "application/pdf");
            Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(explicitFormat)).StatusCode);
        }
    }

    [Fact]
    public async Task A_date_alone_for_open_at_is_refused_naming_the_expected_form()
    {
        var problem = await (await _client.GetAsync(Nearby + "&open_at=2024-02-10")).ProblemAsync(400, "urn:resourcemap:problem:validation");
        var reason = problem.FieldError("open_at");
        Assert.Contains("without a time", reason);
        Assert.Contains("2024-02-10T20:30", reason);
    }
}
