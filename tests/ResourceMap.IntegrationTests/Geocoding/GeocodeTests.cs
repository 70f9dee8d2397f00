using System.Globalization;
using System.IO.Compression;
using ResourceMap.IntegrationTests.Infrastructure;

namespace ResourceMap.IntegrationTests.Geocoding;

[Collection(ApiCollection.Name)]
public class GeocodeTests(ApiFixture api)
{
    /// <summary>The expected point read straight from the gazetteer file, independently of the loader.</summary>
    private static (double Lat, double Lng) Gazetteer(string code, string town)
    {
        var path = Path.Combine(Surveys.SurveySamples.SeedDirectory(), "gazetteer", "towns-japan.csv.gz");
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split(',');
            if (f[0] == code && f[3] == town) return (double.Parse(f[4], CultureInfo.InvariantCulture), double.Parse(f[5], CultureInfo.InvariantCulture));
        }
        throw new InvalidOperationException($"{code} {town} not in the gazetteer");
    }

    [Theory]
    [InlineData("北海道登別市幌別町1丁目5-3")]
    [InlineData("登別市幌別町１丁目５－３")]
    [InlineData("登別市幌別町一丁目5番3号")]
    [InlineData("登別市幌別町1-5-3")]
    [InlineData("〒059-0012 北海道 登別市 幌別町 1-5-3")]
    public async Task Every_way_of_writing_an_address_finds_the_same_town(string address)
    {
        var result = await (await api.Anonymous().GetAsync($"/api/geocode?address={Uri.EscapeDataString(address)}")).JsonAsync(200);
        var (lat, lng) = Gazetteer("01230", "幌別町一丁目");
        Assert.Equal("matched", result.GetProperty("status").GetString());
        Assert.Equal("01230", result.GetProperty("municipality_code").GetString());
        Assert.Equal("幌別町一丁目", result.GetProperty("town").GetString());
        Assert.Equal("town", result.GetProperty("precision").GetString());
        Assert.Equal(lat, result.GetProperty("lat").GetDouble(), 6);
        Assert.Equal(lng, result.GetProperty("lng").GetDouble(), 6);
    }

    [Theory]
    [InlineData("北海道虻田郡洞爺湖町洞爺湖温泉142")]
    [InlineData("洞爺湖町洞爺湖温泉142")]
    public async Task Gun_is_optional(string address)
    {
        var result = await (await api.Anonymous().GetAsync($"/api/geocode?address={Uri.EscapeDataString(address)}")).JsonAsync(200);
        Assert.Equal("01584", result.GetProperty("municipality_code").GetString());
        Assert.Equal("洞爺湖温泉", result.GetProperty("town").GetString());
    }

    [Fact]
    public async Task A_name_shared_by_two_prefectures_needs_the_prefecture_or_a_scope()
    {
        var ambiguous = await (await api.Anonymous().GetAsync($"/api/geocode?address={Uri.EscapeDataString("伊達市梅本町")}")).JsonAsync(200);
        Assert.Equal("ambiguous", ambiguous.GetProperty("status").GetString());
        Assert.Equal(2, ambiguous.GetProperty("candidates").GetArrayLength());
        var withPrefecture = await (await api.Anonymous().GetAsync($"/api/geocode?address={Uri.EscapeDataString("北海道伊達市梅本町")}")).JsonAsync(200);
        Assert.Equal("01233", withPrefecture.GetProperty("municipality_code").GetString());
        var scoped = await (await api.Anonymous().GetAsync($"/api/geocode?address={Uri.EscapeDataString("伊達市梅本町")}&within=01233,01230")).JsonAsync(200);
        Assert.Equal("01233", scoped.GetProperty("municipality_code").GetString());
        Assert.Equal("梅本町", scoped.GetProperty("town").GetString());
    }

    [Fact]
    public async Task An_unknown_town_falls_back_to_the_municipality_with_a_warning()
    {
        var result = await (await api.Anonymous().GetAsync($"/api/geocode?address={Uri.EscapeDataString("登別市どこにもない町1-2")}")).JsonAsync(200);
        Assert.Equal("matched", result.GetProperty("status").GetString());
        Assert.Equal("municipality", result.GetProperty("precision").GetString());
        Assert.Single(result.GetProperty("warnings").EnumerateArray());
        var none = await (await api.Anonymous().GetAsync($"/api/geocode?address={Uri.EscapeDataString("どこでもない場所")}")).JsonAsync(200);
        Assert.Equal("not_found", none.GetProperty("status").GetString());
        await (await api.Anonymous().GetAsync("/api/geocode")).ProblemAsync(400, "urn:resourcemap:problem:validation");
    }

    [Fact]
    public async Task The_gazetteer_is_loaded_whole()
    {
        await using var db = await api.OpenDatabaseAsync();
        var count = (long)(await new Npgsql.NpgsqlCommand("SELECT count(*) FROM gazetteer_towns", db).ExecuteScalarAsync())!;
        var path = Path.Combine(Surveys.SurveySamples.SeedDirectory(), "gazetteer", "towns-japan.csv.gz");
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        var withPoint = 0L;
        reader.ReadLine();
        while (reader.ReadLine() is { } line) if (!line.EndsWith(",,", StringComparison.Ordinal)) withPoint++;
        Assert.Equal(withPoint, count);
        Assert.True(count > 277_000);
    }
}
