using System.Text.Json;
using ResourceMap.Api.Hosting;
using ResourceMap.Api.Search;

namespace ResourceMap.UnitTests.Search;

/// <summary>The hand-written search JSON must stay the bytes JsonSerializer writes for the same response.</summary>
public class SearchJsonResultTests
{
    private static readonly JsonSerializerOptions ApiOptions = Configured();

    private static JsonSerializerOptions Configured()
    {
        // The options the API's minimal endpoints serialise with (HostingExtensions: ConfigureHttpJsonOptions).
        var options = new Microsoft.AspNetCore.Http.Json.JsonOptions().SerializerOptions;
        ApiJson.Configure(options);
        return options;
    }

    public static TheoryData<int> Seeds => new() { 1, 2, 3, 4, 5, 6, 7, 8 };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Writes_what_the_serializer_writes(int seed)
    {
        var response = RandomResponse(new Random(seed));
        Assert.Equal(JsonSerializer.Serialize(response, ApiOptions), Written(response));
    }

    [Fact]
    public void Writes_nulls_totals_and_text_needing_escapes_as_the_serializer_does()
    {
        var item = new SearchItem(Guid.NewGuid(), "「居場所」\"quoted\" \\ <b>&amp;</b>\n改行 😀", "ibasho",
            new SearchOrganization(Guid.NewGuid(), "NPO法人 髙﨑'の会\t"), null, null, "national", true, false, [], ["a"], ["phone", "sns"],
            new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.FromHours(9)), true);
        var located = item with
        {
            Location = new SearchLocation(Guid.NewGuid(), null, null, 42.0, -0.000001),
            DistanceM = 0,
            LastVerifiedAt = new DateTimeOffset(2026, 11, 30, 1, 2, 3, 456, TimeSpan.Zero).AddTicks(7),
        };
        foreach (var response in new[]
                 {
                     new SearchResponse(0, null, null, null, []),
                     new SearchResponse(2, 1_000, "cursor", "https://example.jp/api/search/map?bbox=1,2,3,4&cursor=x", [item, located]),
                     new SearchResponse(1, 3, null, null, [located]),
                 })
            Assert.Equal(JsonSerializer.Serialize(response, ApiOptions), Written(response));
    }

    private static string Written(SearchResponse response)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, SearchJsonResult.WriterOptions(ApiOptions)))
            SearchJsonResult.Write(writer, response);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static SearchResponse RandomResponse(Random random)
    {
        string Text() => new(Enumerable.Range(0, random.Next(0, 12))
            .Select(_ => "あいうえお居場所相談窓口abcXYZ019 -_/\"\\<>&'（）・ー\u3000\n".ToCharArray()).Select(chars => chars[random.Next(chars.Length)]).ToArray());
        string[] Codes() => Enumerable.Range(0, random.Next(0, 4)).Select(i => $"code_{random.Next(100)}").ToArray();
        double Coordinate(double scale) => Math.Round((random.NextDouble() - 0.5) * scale, random.Next(0, 16));
        var items = Enumerable.Range(0, random.Next(0, 30)).Select(_ => new SearchItem(
            new Guid(random.NextBytes(16)), Text(), "soudan", new SearchOrganization(new Guid(random.NextBytes(16)), Text()),
            random.Next(4) == 0 ? null : new SearchLocation(new Guid(random.NextBytes(16)), random.Next(3) == 0 ? null : Text(),
                random.Next(3) == 0 ? null : $"{random.Next(1, 47):00}{random.Next(100, 999)}", Coordinate(180), Coordinate(360)),
            random.Next(3) == 0 ? null : Math.Round(random.NextDouble() * 50_000, 1), "municipality", random.Next(2) == 0, random.Next(2) == 0,
            Codes(), Codes(), Codes(),
            new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.FromHours(random.Next(2) * 9)).AddTicks(random.NextInt64(TimeSpan.TicksPerDay * 3_000)),
            random.Next(2) == 0)).ToList();
        long? total = random.Next(3) switch { 0 => null, 1 => random.Next(0, 1_000), _ => 1_000 };
        return new SearchResponse(items.Count, total, random.Next(2) == 0 ? null : Text(), random.Next(2) == 0 ? null : $"https://example.jp/{Text()}", items);
    }
}

internal static class RandomBytes
{
    public static byte[] NextBytes(this Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
