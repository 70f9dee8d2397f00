using ResourceMap.IntegrationTests.Infrastructure;

namespace ResourceMap.IntegrationTests.Municipalities;

[Collection(ApiCollection.Name)]
public class NeighboursTests(ApiFixture api)
{
    private readonly HttpClient _client = api.Anonymous();

    private async Task<List<string>> NeighbourCodesAsync(string code)
    {
        var body = await (await _client.GetAsync($"/api/municipalities/{code}/neighbours")).JsonAsync(200);
        var items = body.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(items.Count, body.GetProperty("count").GetInt32());
        return items.Select(i => i.GetProperty("code").GetString()!).ToList();
    }

    [Fact]
    public async Task Noboribetsu_borders_Muroran_Date_Sobetsu_and_Shiraoi_and_never_itself()
    {
        // Checked against the stored N03 shapes: 登別市 shares a land border with exactly these four.
        var codes = await NeighbourCodesAsync("01230");
        Assert.Equal(["01205", "01233", "01575", "01578"], codes);
        Assert.DoesNotContain("01230", codes);

        var body = await (await _client.GetAsync("/api/municipalities/012301/neighbours")).JsonAsync(200);
        Assert.Equal("01230", body.GetProperty("code").GetString());
        var shiraoi = body.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "01578");
        Assert.Equal("015784", shiraoi.GetProperty("official_code").GetString());
        Assert.Equal("白老町", shiraoi.GetProperty("name").GetString());
        Assert.Equal("白老郡白老町", shiraoi.GetProperty("full_name").GetString());
        Assert.Equal("北海道", shiraoi.GetProperty("prefecture").GetString());
        // Roughly 18 km of common border on the simplified shapes.
        Assert.InRange(shiraoi.GetProperty("shared_border_m").GetDouble(), 10_000, 30_000);
    }

    [Fact]
    public async Task Neighbourhood_is_symmetric()
    {
        foreach (var neighbour in await NeighbourCodesAsync("01230"))
            Assert.Contains("01230", await NeighbourCodesAsync(neighbour));
    }

    [Fact]
    public async Task Islands_border_only_their_island_partner()
    {
        // 利尻島 is split between 利尻富士町 and 利尻町; 礼文島 is one town alone.
        Assert.Equal(["01518"], await NeighbourCodesAsync("01519"));
        Assert.Empty(await NeighbourCodesAsync("01517"));
    }

    [Fact]
    public async Task Codes_are_checked_like_the_municipality_endpoint()
    {
        await (await _client.GetAsync("/api/municipalities/012302/neighbours")).ProblemAsync(400, "urn:resourcemap:problem:validation");
        await (await _client.GetAsync("/api/municipalities/abc/neighbours")).ProblemAsync(400, "urn:resourcemap:problem:validation");
        await (await _client.GetAsync("/api/municipalities/01999/neighbours")).ProblemAsync(404, "urn:resourcemap:problem:not-found");
    }
}
