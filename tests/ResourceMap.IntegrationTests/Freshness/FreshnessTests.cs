using System.Globalization;
using System.Text.Json;
using Npgsql;
using ResourceMap.IntegrationTests.Infrastructure;

namespace ResourceMap.IntegrationTests.Freshness;

[Collection(ApiCollection.Name)]
public class FreshnessTests(ApiFixture api)
{
    private sealed record Records(Guid OrganizationId, Guid LocationId, Guid ServiceId, double Lat, double Lng);

    /// <summary>An organisation with one service at one site in 登別, all last verified 400 days ago.</summary>
    private async Task<Records> CreateStaleRecordsAsync()
    {
        var editor = api.Editor();
        // A site of its own, so a 1 m nearby search finds exactly this service.
        var lat = Math.Round(42.405 + Random.Shared.NextDouble() * 0.01, 6);
        var lng = Math.Round(141.10 + Random.Shared.NextDouble() * 0.01, 6);
        var organization = await (await editor.SendJsonAsync(HttpMethod.Post, "/api/organizations", TestData.Organization())).JsonAsync(201);
        var location = await (await editor.SendJsonAsync(HttpMethod.Post, "/api/locations", TestData.Location(lat, lng))).JsonAsync(201);
        var records = new Records(organization.GetProperty("id").GetGuid(), location.GetProperty("id").GetGuid(), Guid.Empty, lat, lng);
        var service = await (await editor.SendJsonAsync(HttpMethod.Post, "/api/services",
            TestData.Service(records.OrganizationId, [records.LocationId]))).JsonAsync(201);
        records = records with { ServiceId = service.GetProperty("id").GetGuid() };
        Assert.False(service.GetProperty("stale").GetBoolean());

        await using var connection = await api.OpenDatabaseAsync();
        foreach (var (table, id) in new[] { ("organizations", records.OrganizationId), ("locations", records.LocationId), ("services", records.ServiceId) })
        {
            await using var command = new NpgsqlCommand(
                $"UPDATE {table} SET last_verified_at = now() - interval '400 days' WHERE id = @id", connection);
            command.Parameters.AddWithValue("id", id);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }
        return records;
    }

    private static string Nearby(Records r, string extra = "") =>
        string.Create(CultureInfo.InvariantCulture, $"/api/search/nearby?lat={r.Lat}&lng={r.Lng}&radius_m=1&limit=50{extra}");

    private async Task<JsonElement> NearbyItemAsync(Records r)
    {
        var body = await (await api.Anonymous().GetAsync(Nearby(r))).JsonAsync(200);
        return body.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("service_id").GetGuid() == r.ServiceId);
    }

    [Fact]
    public async Task Records_not_verified_for_a_year_are_stale_everywhere_until_confirmed()
    {
        var r = await CreateStaleRecordsAsync();
        var anonymous = api.Anonymous();

        Assert.True((await (await anonymous.GetAsync($"/api/organizations/{r.OrganizationId}")).JsonAsync(200)).GetProperty("stale").GetBoolean());
        Assert.True((await (await anonymous.GetAsync($"/api/locations/{r.LocationId}")).JsonAsync(200)).GetProperty("stale").GetBoolean());
        var serviceResponse = await anonymous.GetAsync($"/api/services/{r.ServiceId}");
        Assert.True((await serviceResponse.JsonAsync(200)).GetProperty("stale").GetBoolean());

        var item = await NearbyItemAsync(r);
        Assert.True(item.GetProperty("stale").GetBoolean());
        Assert.True(DateTimeOffset.UtcNow - item.GetProperty("last_verified_at").GetDateTimeOffset() > TimeSpan.FromDays(399));

        var geo = await (await anonymous.GetAsync(Nearby(r, "&format=geojson"))).JsonAsync(200);
        var feature = geo.GetProperty("features").EnumerateArray()
            .Single(f => f.GetProperty("properties").GetProperty("service_id").GetGuid() == r.ServiceId);
        Assert.True(feature.GetProperty("properties").GetProperty("stale").GetBoolean());

        var csv = await (await anonymous.GetAsync(Nearby(r, "&format=csv"))).Content.ReadAsStringAsync();
        var lines = csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        var header = lines[0].Split(',');
        var staleColumn = Array.IndexOf(header, "stale");
        Assert.True(staleColumn >= 0, lines[0]);
        var row = lines.Single(l => l.Contains(r.ServiceId.ToString(), StringComparison.Ordinal)).Split(',');
        Assert.Equal("true", row[staleColumn]);

        // Confirm the service unchanged, with the ETag just read.
        var verified = await api.Editor().SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/services/{r.ServiceId}/verify")
        {
            Headers = { IfMatch = { System.Net.Http.Headers.EntityTagHeaderValue.Parse(serviceResponse.Headers.ETag!.ToString()) } },
        });
        var verifiedBody = await verified.JsonAsync(200);
        Assert.False(verifiedBody.GetProperty("stale").GetBoolean());
        Assert.NotEqual(serviceResponse.Headers.ETag!.ToString(), verified.Headers.ETag!.ToString());
        Assert.Equal("テストの居場所", verifiedBody.GetProperty("name").GetString());
        Assert.False((await NearbyItemAsync(r)).GetProperty("stale").GetBoolean());

        await (await api.Editor().PostAsync($"/api/organizations/{r.OrganizationId}/verify", null)).JsonAsync(200);
        await (await api.Editor().PostAsync($"/api/locations/{r.LocationId}/verify", null)).JsonAsync(200);
        Assert.False((await (await anonymous.GetAsync($"/api/organizations/{r.OrganizationId}")).JsonAsync(200)).GetProperty("stale").GetBoolean());
        Assert.False((await (await anonymous.GetAsync($"/api/locations/{r.LocationId}")).JsonAsync(200)).GetProperty("stale").GetBoolean());

        // The confirmation is audited as a verify, by the editor.
        var history = await (await api.Admin().GetAsync($"/api/audit?entity_type=service&entity_id={r.ServiceId}")).JsonAsync(200);
        var last = history.GetProperty("items").EnumerateArray().Last();
        Assert.Equal("verify", last.GetProperty("action").GetString());
        Assert.Equal("test-editor", last.GetProperty("actor").GetString());
    }

    [Fact]
    public async Task Verify_honours_If_Match_and_needs_an_editor_key()
    {
        var r = await CreateStaleRecordsAsync();
        await (await api.Anonymous().PostAsync($"/api/organizations/{r.OrganizationId}/verify", null))
            .ProblemAsync(401, "urn:resourcemap:problem:unauthorized");
        var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/organizations/{r.OrganizationId}/verify")
        {
            Headers = { IfMatch = { System.Net.Http.Headers.EntityTagHeaderValue.Parse("\"1\"") } },
        };
        await (await api.Editor().SendAsync(stale)).ProblemAsync(412, "urn:resourcemap:problem:precondition-failed");
        Assert.True((await (await api.Anonymous().GetAsync($"/api/organizations/{r.OrganizationId}")).JsonAsync(200)).GetProperty("stale").GetBoolean());
        await (await api.Editor().PostAsync($"/api/services/{Guid.NewGuid()}/verify", null)).ProblemAsync(404, "urn:resourcemap:problem:not-found");
    }

    [Fact]
    public async Task The_stale_list_names_the_records_to_follow_up_oldest_first()
    {
        var r = await CreateStaleRecordsAsync();
        var items = await AllStaleAsync("/api/analytics/stale?municipality=012301&limit=2");
        Assert.Contains(items, i => i.GetProperty("entity_type").GetString() == "organization" && i.GetProperty("id").GetGuid() == r.OrganizationId);
        var service = items.Single(i => i.GetProperty("id").GetGuid() == r.ServiceId);
        Assert.Equal("service", service.GetProperty("entity_type").GetString());
        Assert.Equal(r.OrganizationId, service.GetProperty("organization_id").GetGuid());
        Assert.InRange(service.GetProperty("days_since_verified").GetInt32(), 399, 401);
        var times = items.Select(i => i.GetProperty("last_verified_at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.Order().ToList(), times);

        // Another municipality's list leaves them out; a confirmed record leaves the list.
        var elsewhere = await AllStaleAsync("/api/analytics/stale?municipality=01205");
        Assert.DoesNotContain(elsewhere, i => i.GetProperty("id").GetGuid() == r.ServiceId);
        await (await api.Editor().PostAsync($"/api/services/{r.ServiceId}/verify", null)).JsonAsync(200);
        Assert.DoesNotContain(await AllStaleAsync("/api/analytics/stale?municipality=01230"), i => i.GetProperty("id").GetGuid() == r.ServiceId);

        await (await api.Anonymous().GetAsync("/api/analytics/stale")).ProblemAsync(401, "urn:resourcemap:problem:unauthorized");
        await (await api.Editor().GetAsync("/api/analytics/stale?municipality=012302")).ProblemAsync(400, "urn:resourcemap:problem:validation");
    }

    private async Task<List<JsonElement>> AllStaleAsync(string url)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        for (var pages = 0; pages < 500; pages++)
        {
            var page = await (await api.Editor().GetAsync(url + (cursor is null ? "" : $"&cursor={cursor}"))).JsonAsync(200);
            items.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("next_cursor").GetString();
            if (cursor is null) break;
        }
        return items;
    }
}
