using System.Text.Json;
using ResourceMap.IntegrationTests.Infrastructure;

namespace ResourceMap.IntegrationTests.ChangeFeed;

[Collection(ApiCollection.Name)]
public class ChangeFeedTests(ApiFixture api)
{
    private const string Validation = "urn:resourcemap:problem:validation";

    private static async Task<List<JsonElement>> AllAsync(HttpClient client, string url)
    {
        var items = new List<JsonElement>();
        for (var page = 1; ; page++)
        {
            var body = await (await client.GetAsync($"{url}&page={page}&page_size=100")).JsonAsync(200);
            var batch = body.GetProperty("items").EnumerateArray().ToList();
            items.AddRange(batch);
            if (items.Count >= body.GetProperty("total").GetInt32() || batch.Count == 0) return items;
        }
    }

    [Fact]
    public async Task Directory_lists_with_modified_after_return_changes_oldest_first_with_archived_tombstones()
    {
        var editor = api.Editor();
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var organization = (await (await editor.SendJsonAsync(HttpMethod.Post, "/api/organizations", TestData.Organization())).JsonAsync(201)).GetProperty("id").GetGuid();
        var location = (await (await editor.SendJsonAsync(HttpMethod.Post, "/api/locations", TestData.Location())).JsonAsync(201)).GetProperty("id").GetGuid();
        var kept = (await (await editor.SendJsonAsync(HttpMethod.Post, "/api/services", TestData.Service(organization, [location]))).JsonAsync(201)).GetProperty("id").GetGuid();
        var gone = (await (await editor.SendJsonAsync(HttpMethod.Post, "/api/services", TestData.Service(organization, [location]))).JsonAsync(201)).GetProperty("id").GetGuid();
        Assert.Equal(204, (int)(await editor.DeleteAsync($"/api/services/{gone}")).StatusCode);
        var goneSite = (await (await editor.SendJsonAsync(HttpMethod.Post, "/api/locations", TestData.Location())).JsonAsync(201)).GetProperty("id").GetGuid();
        Assert.Equal(204, (int)(await editor.DeleteAsync($"/api/locations/{goneSite}")).StatusCode);
        var after = "?modified_after=" + Uri.EscapeDataString(since.ToString("O"));

        var services = await AllAsync(api.Anonymous(), "/api/services" + after);
        var ids = services.Select(s => s.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(kept, ids);
        var tombstone = services.Single(s => s.GetProperty("id").GetGuid() == gone);
        Assert.True(tombstone.GetProperty("archived").GetBoolean());
        Assert.True(ids.IndexOf(kept) < ids.IndexOf(gone));
        var stamps = services.Select(s => s.GetProperty("updated_at").GetDateTimeOffset()).ToList();
        Assert.Equal(stamps.Order(), stamps);
        Assert.All(stamps, t => Assert.True(t >= since));
        // The old name of the parameter means the same and is no longer ignored.
        var old = await AllAsync(api.Anonymous(), "/api/services?updated_since=" + Uri.EscapeDataString(since.ToString("O")));
        Assert.Equal(ids, old.Select(s => s.GetProperty("id").GetGuid()));
        var live = await AllAsync(api.Anonymous(), "/api/services?organization_id=" + organization);
        Assert.Equal([kept], live.Select(s => s.GetProperty("id").GetGuid()));

        var organizations = await AllAsync(api.Anonymous(), "/api/organizations" + after);
        Assert.Contains(organizations, o => o.GetProperty("id").GetGuid() == organization);
        var sites = await AllAsync(api.Anonymous(), "/api/locations" + after);
        Assert.Contains(sites, l => l.GetProperty("id").GetGuid() == location);
        Assert.True(sites.Single(l => l.GetProperty("id").GetGuid() == goneSite).GetProperty("archived").GetBoolean());

        var future = await (await api.Anonymous().GetAsync("/api/services?modified_after=" + Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O")))).JsonAsync(200);
        Assert.Equal(0, future.GetProperty("total").GetInt32());
        var bad = await (await api.Anonymous().GetAsync("/api/organizations?modified_after=last-week")).ProblemAsync(400, Validation);
        Assert.Contains("ISO 8601", bad.FieldError("modified_after"));
    }

    [Fact]
    public async Task Free_text_q_filters_the_service_list()
    {
        var anonymous = api.Anonymous();
        var all = (await (await anonymous.GetAsync("/api/services?page_size=1")).JsonAsync(200)).GetProperty("total").GetInt32();
        var ibasho = await AllAsync(anonymous, "/api/services?q=" + Uri.EscapeDataString("居場所"));
        Assert.NotEmpty(ibasho);
        Assert.True(ibasho.Count < all, $"q=居場所 returned {ibasho.Count} of {all}");
        var nothing = (await (await anonymous.GetAsync("/api/services?q=" + Uri.EscapeDataString("存在しない語句ぬぬぬ"))).JsonAsync(200)).GetProperty("total").GetInt32();
        Assert.Equal(0, nothing);
        await (await anonymous.GetAsync("/api/services?q=a")).ProblemAsync(400, Validation);
    }

    [Theory]
    [InlineData("/api/services?categroy=ibasho", "categroy")]
    [InlineData("/api/organizations?page=1&foo=1", "foo")]
    [InlineData("/api/municipalities/01230?includ=boundary", "includ")]
    [InlineData("/api/search/nearby?lat=42.41&lng=141.10&radius_m=3000&radius=5", "radius")]
    [InlineData("/hsds/services?perpage=5", "perpage")]
    [InlineData("/api/taxonomy?x=1", "x")]
    public async Task Unknown_query_parameters_are_refused_by_name(string url, string unknown)
    {
        var problem = await (await api.Anonymous().GetAsync(url)).ProblemAsync(400, Validation);
        Assert.Contains("Unknown query parameter", problem.FieldError(unknown));
    }

    [Theory]
    [InlineData("/api/services?CATEGORY=ibasho&Page_Size=5")]
    [InlineData("/api/search/nearby?lat=42.41&lng=141.10&radius_m=3000&category=ibasho&limit=5")]
    [InlineData("/api/municipalities/01230?include=boundary")]
    [InlineData("/hsds/services?per_page=5&page=1&full_service=true")]
    public async Task Declared_query_parameters_are_accepted(string url) =>
        Assert.Equal(200, (int)(await api.Anonymous().GetAsync(url)).StatusCode);
}
