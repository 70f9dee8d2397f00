using System.Text.Json;
using ResourceMap.IntegrationTests.Infrastructure;

namespace ResourceMap.IntegrationTests.Sharing;

/// <summary>
/// Keyset paging of GET /api/sharing/capacity over (distance, service id): the seeded sample gives many services at
/// the same site (equal distances, so the id breaks ties across page boundaries) and site-less services (last).
/// </summary>
[Collection(ApiCollection.Name)]
public class SharedCapacityPagingTests(ApiFixture api)
{
    private const string Url = "/api/sharing/capacity?for=01578&region=noboribetsu-survey-2024";

    private async Task<JsonElement> PageAsync(string query) => await (await api.Admin().GetAsync(Url + query)).JsonAsync(200);

    private static List<Guid> Ids(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("service_id").GetGuid()).ToList();

    [Fact]
    public async Task Walking_every_page_yields_each_service_once_in_the_order_of_one_big_page()
    {
        var whole = await PageAsync("&limit=500");
        Assert.Equal(JsonValueKind.Null, whole.GetProperty("next_cursor").ValueKind);
        var expected = Ids(whole);
        Assert.True(expected.Count > 30, $"only {expected.Count} services to page through");
        Assert.Contains(whole.GetProperty("items").EnumerateArray(), i => i.GetProperty("distance_m").ValueKind == JsonValueKind.Null);

        var walked = new List<Guid>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var page = await PageAsync("&limit=7" + (cursor is null ? "" : $"&cursor={cursor}"));
            var ids = Ids(page);
            Assert.InRange(ids.Count, 1, 7);
            walked.AddRange(ids);
            cursor = page.GetProperty("next_cursor").GetString();
            Assert.True(++pages <= expected.Count, "paging does not end");
        } while (cursor is not null);

        Assert.Equal(walked.Count, walked.Distinct().Count());
        Assert.Equal(expected, walked);
    }

    [Fact]
    public async Task Without_a_limit_a_page_holds_50()
    {
        var first = await PageAsync("");
        Assert.Equal(50, Ids(first).Count);
        Assert.Equal(JsonValueKind.String, first.GetProperty("next_cursor").ValueKind);
        Assert.Equal(Ids(await PageAsync("&limit=500")).Take(50), Ids(first));
    }

    [Theory]
    [InlineData("&limit=0", "limit")]
    [InlineData("&limit=501", "limit")]
    [InlineData("&limit=ten", "limit")]
    [InlineData("&cursor=not-a-cursor", "cursor")]
    [InlineData("&cursor=", "cursor")]
    public async Task Bad_paging_parameters_are_400_naming_the_parameter(string query, string field)
    {
        var problem = await (await api.Anonymous().GetAsync(Url + query)).ProblemAsync(400, "urn:resourcemap:problem:validation");
        Assert.NotEmpty(problem.FieldError(field));
    }

    [Fact]
    public async Task A_cursor_of_another_search_is_refused()
    {
        var nearby = await (await api.Anonymous().GetAsync("/api/search/nearby?lat=42.4136&lng=141.1067&radius_m=5000&limit=1")).JsonAsync(200);
        var cursor = nearby.GetProperty("next_cursor").GetString();
        Assert.NotNull(cursor);
        var problem = await (await api.Anonymous().GetAsync($"{Url}&cursor={cursor}")).ProblemAsync(400, "urn:resourcemap:problem:validation");
        Assert.Contains("cursor", problem.FieldError("cursor"));
    }
}
