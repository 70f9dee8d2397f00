using System.Net;
using System.Text;
using System.Text.Json;
using ResourceMap.IntegrationTests.Infrastructure;

namespace ResourceMap.IntegrationTests.Search;

[Collection(SearchCollection.Name)]
public class SearchFormatTests(SearchFixture data)
{
    private readonly HttpClient _client = data.Anonymous();
    private const string Nearby = "/api/search/nearby?lat=42.413&lng=141.106&radius_m=5000&limit=20";

    [Fact]
    public async Task GeoJSON_is_an_RFC_7946_feature_collection_with_marker_properties()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Nearby);
        request.Headers.Accept.ParseAdd("application/geo+json");
        var response = await _client.SendAsync(request);
        var collection = await response.JsonAsync(200);
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("FeatureCollection", collection.GetProperty("type").GetString());
        var features = collection.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(20, features.Count);
        foreach (var feature in features)
        {
            Assert.Equal("Feature", feature.GetProperty("type").GetString());
            var coordinates = feature.GetProperty("geometry").GetProperty("coordinates");
            Assert.InRange(coordinates[0].GetDouble(), 140, 142); // longitude first
            Assert.InRange(coordinates[1].GetDouble(), 42, 43);
            var properties = feature.GetProperty("properties");
            Assert.False(string.IsNullOrEmpty(properties.GetProperty("name").GetString()));
            Assert.False(string.IsNullOrEmpty(properties.GetProperty("category_label").GetString()));
        }
        var same = await (await _client.GetAsync(Nearby + "&format=geojson")).JsonAsync(200);
        Assert.Equal(features.Count, same.GetProperty("features").GetArrayLength());
    }

    [Fact]
    public async Task CSV_opens_in_Excel_on_Japanese_Windows_and_neutralises_formulas()
    {
        // A service whose name starts with '=' must not become a formula. It lives in Tokyo (千代田区), away from the
        // generated Iburi data that the correctness tests model.
        var organization = await (await data.Editor().SendJsonAsync(HttpMethod.Post, "/api/organizations", TestData.Organization())).JsonAsync(201);
        var location = await (await data.Editor().SendJsonAsync(HttpMethod.Post, "/api/locations", TestData.Location(35.6940, 139.7536, null))).JsonAsync(201);
        var service = TestData.Service(organization.GetProperty("id").GetGuid(), [location.GetProperty("id").GetGuid()],
            TestData.Area("municipality", codes: ["13101"]));
        service["name"] = "=HYPERLINK(\"http://evil\")";
        await (await data.Editor().SendJsonAsync(HttpMethod.Post, "/api/services", service)).JsonAsync(201);

        var response = await _client.GetAsync("/api/search/nearby?lat=35.6940&lng=139.7536&radius_m=10&format=csv&lang=ja");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("市町村コード,市町村,分類,名称,運営団体", lines[0]);
        Assert.StartsWith("13101,千代田区,居場所づくり,", lines[1]);
        Assert.Equal(2, lines.Length);
        Assert.Contains("居場所づくり", lines[1]);
        Assert.DoesNotContain(",=HYPERLINK", lines[1]);
        Assert.DoesNotContain(",\"=HYPERLINK", lines[1]);
        Assert.Contains("HYPERLINK", lines[1]);
    }

    [Fact]
    public async Task Service_tiles_are_vector_tiles_with_cache_headers_and_204_when_empty()
    {
        // Zoom 12 tile over 登別 (x 3653, y 1514) holds generated sites.
        var response = await _client.GetAsync("/tiles/services/12/3653/1514.mvt");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.mapbox-vector-tile", response.Content.Headers.ContentType?.MediaType);
        var tile = await response.Content.ReadAsByteArrayAsync();
        Assert.True(tile.Length > 100);
        Assert.Contains("services", Encoding.UTF8.GetString(tile)); // the layer name is in the protobuf
        Assert.Equal("public, max-age=60", response.Headers.CacheControl?.ToString());
        var etag = response.Headers.ETag!.ToString();

        var revisit = new HttpRequestMessage(HttpMethod.Get, "/tiles/services/12/3653/1514.mvt");
        revisit.Headers.IfNoneMatch.ParseAdd(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await _client.SendAsync(revisit)).StatusCode);

        var filtered = await (await _client.GetAsync("/tiles/services/12/3653/1514.mvt?category=outreach&anonymous_ok=true")).Content.ReadAsByteArrayAsync();
        Assert.True(filtered.Length < tile.Length, "filters must thin the tile");

        // Mid-Pacific at zoom 12: nothing there.
        Assert.Equal(HttpStatusCode.NoContent, (await _client.GetAsync("/tiles/services/12/100/1500.mvt")).StatusCode);
    }

    [Fact]
    public async Task Municipality_tiles_carry_the_boundaries()
    {
        var response = await _client.GetAsync("/tiles/municipalities/8/228/94.mvt");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("municipalities", text);
        Assert.Contains("登別市", text);
        Assert.Equal("public, max-age=86400", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task CORS_lets_configured_browser_origins_read_the_API()
    {
        var factory = data.Factory.WithWebHostBuilder(b => b.UseSetting("Cors:Origins:0", "https://map.example.jp"));
        var client = factory.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, Nearby);
        request.Headers.Add("Origin", "https://map.example.jp");
        var response = await client.SendAsync(request);
        Assert.Equal("https://map.example.jp", response.Headers.GetValues("Access-Control-Allow-Origin").Single());

        var other = new HttpRequestMessage(HttpMethod.Get, Nearby);
        other.Headers.Add("Origin", "https://evil.example");
        Assert.False((await client.SendAsync(other)).Headers.Contains("Access-Control-Allow-Origin"));
    }
}
