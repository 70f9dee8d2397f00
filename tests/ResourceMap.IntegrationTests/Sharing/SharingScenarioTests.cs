using System.Net;
using System.Text.Json;
using ResourceMap.IntegrationTests.Infrastructure;
using ResourceMap.IntegrationTests.Seeding;

namespace ResourceMap.IntegrationTests.Sharing;

/// <summary>
/// The 西胆振 sharing scenario of the seeded sample directory: 登別 (01230) 居場所 that accept residents of other
/// municipalities are public, with restricted contact details shared with noboribetsu-survey-2024 (西胆振 + 白老町).
/// A 白老 (01578) partner finds them in nishi-iburi — a zone 白老 is not in — with those details; the public and staff
/// of municipalities outside the survey area find the same services without them. Restricted properties are
/// asserted ABSENT from the JSON, not just empty.
/// </summary>
[Collection(ApiCollection.Name)]
public class SharingScenarioTests(ApiFixture api)
{
    private const string Noboribetsu = "01230";
    private const string Shiraoi = "01578";
    private const string Date = "01233";
    private const string SurveyArea = "noboribetsu-survey-2024";
    private const string Scenario = "/api/sharing/capacity?for=01578&region=nishi-iburi&category=ibasho";
    private static readonly string[] NishiIburi = ["01205", "01230", "01233", "01571", "01575", "01584"];
    private static readonly string[] ServiceRestricted = ["restricted_phone", "restricted_email", "capacity_details"];
    private static readonly string[] AllRestricted = [.. ServiceRestricted, "contact_person"];

    /// <summary>登別's public 居場所 that accept outside residents: the services the scenario is about.</summary>
    private static List<SampleDirectoryFile.SampleService> ScenarioServices => SampleDirectoryFile.Services
        .Where(s => s.OwnerMunicipalityCode == Noboribetsu && s.Category == "ibasho" && s.AcceptsOtherMunicipalities && s.SharingScope == "public")
        .ToList();

    private async Task<HttpClient> StaffAsync(string role, string municipality)
    {
        var issued = await (await api.Admin().SendJsonAsync(HttpMethod.Post, "/api/keys",
            new { name = $"{municipality} {role} {Guid.NewGuid():N}", role, home_municipality_code = municipality })).JsonAsync(201);
        return api.WithKey(issued.GetProperty("key").GetString()!);
    }

    /// <summary>Every page of a capacity query, walked with next_cursor, and the raw JSON of each page.</summary>
    private static async Task<(List<JsonElement> Items, string Raw)> CapacityAsync(HttpClient client, string url)
    {
        var items = new List<JsonElement>();
        var raw = new System.Text.StringBuilder();
        string? cursor = null;
        do
        {
            var response = await client.GetAsync(url + "&limit=500" + (cursor is null ? "" : $"&cursor={cursor}"));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            raw.Append(text);
            var page = JsonDocument.Parse(text).RootElement.Clone();
            items.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("next_cursor").GetString();
        } while (cursor is not null);
        return (items, raw.ToString());
    }

    private static Guid IdOf(JsonElement item) => item.GetProperty("service_id").GetGuid();

    private static JsonElement ItemOf(List<JsonElement> items, Guid id) => Assert.Single(items, i => IdOf(i) == id);

    private static void AssertNoRestrictedProperty(JsonElement item)
    {
        foreach (var field in ServiceRestricted) Assert.False(item.TryGetProperty(field, out _), $"{field} must be absent");
        Assert.False(item.GetProperty("organization").TryGetProperty("contact_person", out _), "contact_person must be absent");
    }

    private static void AssertNearestFirst(List<JsonElement> items)
    {
        var distances = items.Select(i => i.GetProperty("distance_m").ValueKind == JsonValueKind.Number
            ? i.GetProperty("distance_m").GetDouble() : double.PositiveInfinity).ToList();
        Assert.Equal(distances.Order(), distances);
    }

    [Fact]
    public async Task A_Shiraoi_partner_finds_the_Noboribetsu_ibasho_that_accept_outside_residents_with_their_restricted_contact_details()
    {
        var expected = ScenarioServices;
        Assert.True(expected.Count >= 5, $"only {expected.Count} scenario services in the sample");
        var partner = await StaffAsync("partner", Shiraoi);

        var (items, _) = await CapacityAsync(partner, Scenario);

        foreach (var service in expected)
        {
            var item = ItemOf(items, service.Id);
            Assert.Equal(Noboribetsu, item.GetProperty("municipality_code").GetString());
            Assert.True(item.GetProperty("distance_m").GetDouble() is > 0 and < 60_000);
            Assert.Contains("accepts_other_municipalities", item.GetProperty("usable_because").EnumerateArray().Select(r => r.GetString()));
            Assert.Equal(service.RestrictedPhone, item.GetProperty("restricted_phone").GetString());
            Assert.Equal(service.RestrictedEmail, item.GetProperty("restricted_email").GetString());
            Assert.Equal(service.CapacityDetails, item.GetProperty("capacity_details").GetString());
            Assert.NotNull(service.ContactPerson);
            Assert.Equal(service.ContactPerson, item.GetProperty("organization").GetProperty("contact_person").GetString());
            Assert.Equal(JsonValueKind.Array, item.GetProperty("channels").ValueKind);
            Assert.Contains(item.GetProperty("anonymous_ok").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
        }
        // Others in the zone that qualify come too: every public 居場所 with a site in 西胆振 that takes outside residents.
        foreach (var other in SampleDirectoryFile.Services.Where(s => s.SharingScope == "public" && s.Category == "ibasho"
                     && s.AcceptsOtherMunicipalities && NishiIburi.Contains(s.SiteMunicipalityCode)))
            ItemOf(items, other.Id);
        Assert.DoesNotContain(items, i => i.GetProperty("municipality_code").GetString() == Shiraoi);
        AssertNearestFirst(items);
    }

    [Fact]
    public async Task The_public_sees_the_same_services_without_any_restricted_property()
    {
        var partner = await StaffAsync("partner", Shiraoi);
        var (shared, _) = await CapacityAsync(partner, Scenario);
        var (items, raw) = await CapacityAsync(api.Anonymous(), Scenario);

        foreach (var property in AllRestricted) Assert.DoesNotContain($"\"{property}\"", raw);
        foreach (var service in ScenarioServices)
        {
            AssertNoRestrictedProperty(ItemOf(items, service.Id));
            Assert.DoesNotContain(service.RestrictedPhone!, raw);
            Assert.DoesNotContain(service.RestrictedEmail!, raw);
        }
        AssertNearestFirst(items);

        // The partner sees what the public sees, in the same order; anything more is a record the public may not read.
        var publicIds = items.Select(IdOf).ToList();
        Assert.Equal(publicIds, shared.Select(IdOf).Where(publicIds.Contains));
        foreach (var extra in shared.Select(IdOf).Except(publicIds))
            Assert.Equal(HttpStatusCode.NotFound, (await api.Anonymous().GetAsync($"/api/services/{extra}")).StatusCode);
    }

    [Theory]
    [InlineData("01101")] // 札幌市中央区
    [InlineData("01202")] // 函館市
    public async Task Staff_of_a_municipality_outside_the_survey_area_see_the_services_but_not_the_restricted_fields(string home)
    {
        var outsider = await StaffAsync("partner", home);
        var (items, raw) = await CapacityAsync(outsider, Scenario);

        foreach (var service in ScenarioServices)
        {
            AssertNoRestrictedProperty(ItemOf(items, service.Id));
            Assert.DoesNotContain(service.RestrictedPhone!, raw);
            Assert.DoesNotContain(service.ContactPerson!, raw);
        }
    }

    [Fact]
    public async Task Partners_and_owner_scoped_sample_records_are_hidden_from_the_public_in_capacity_nearby_and_by_id()
    {
        var hidden = SampleDirectoryFile.Services.Where(s => s.SharingScope != "public").ToList();
        Assert.Contains(hidden, s => s.SharingScope == "partners");
        Assert.Contains(hidden, s => s.SharingScope == "owner");
        var anonymous = api.Anonymous();
        var admin = api.Admin();

        foreach (var service in hidden)
        {
            await (await anonymous.GetAsync($"/api/services/{service.Id}")).ProblemAsync(404, "urn:resourcemap:problem:not-found");
            await (await admin.GetAsync($"/api/services/{service.Id}")).JsonAsync(200);
        }

        // Each would qualify for a 白老 resident in the survey area: admins see them there, the public never does.
        const string url = $"/api/sharing/capacity?for={Shiraoi}&region={SurveyArea}";
        var publicIds = (await CapacityAsync(anonymous, url)).Items.Select(IdOf).ToHashSet();
        var adminIds = (await CapacityAsync(admin, url)).Items.Select(IdOf).ToHashSet();
        foreach (var service in hidden)
        {
            Assert.Contains(service.Id, adminIds);
            Assert.DoesNotContain(service.Id, publicIds);
        }

        foreach (var service in hidden.Where(s => s.Lat is not null))
        {
            var nearby = FormattableString.Invariant($"/api/search/nearby?lat={service.Lat}&lng={service.Lng}&radius_m=200&limit=200");
            var seenByPublic = await (await anonymous.GetAsync(nearby)).JsonAsync(200);
            var seenByAdmin = await (await admin.GetAsync(nearby)).JsonAsync(200);
            Assert.DoesNotContain(seenByPublic.GetProperty("items").EnumerateArray(), i => IdOf(i) == service.Id);
            Assert.Contains(seenByAdmin.GetProperty("items").EnumerateArray(), i => IdOf(i) == service.Id);
        }
    }

    [Fact]
    public async Task Each_non_public_sample_record_reaches_exactly_the_staff_it_is_shared_with()
    {
        var hidden = SampleDirectoryFile.Services.Where(s => s.SharingScope != "public").ToList();
        var sharedWithSurveyArea = Assert.Single(hidden, s => s.SharingScope == "partners" && s.SharedWithRegions.Contains(SurveyArea));
        var sharedWithNishiIburiOnly = Assert.Single(hidden, s => s.SharingScope == "partners" && !s.SharedWithRegions.Contains(SurveyArea));
        var ownerOnly = Assert.Single(hidden, s => s.SharingScope == "owner");

        const string url = $"/api/sharing/capacity?for={Shiraoi}&region={SurveyArea}";
        async Task<List<JsonElement>> SeenByAsync(string municipality) => (await CapacityAsync(await StaffAsync("partner", municipality), url)).Items;

        var shiraoi = await SeenByAsync(Shiraoi);
        foreach (var field in ServiceRestricted) Assert.Equal(JsonValueKind.String, ItemOf(shiraoi, sharedWithSurveyArea.Id).GetProperty(field).ValueKind);
        Assert.DoesNotContain(shiraoi, i => IdOf(i) == sharedWithNishiIburiOnly.Id);
        Assert.DoesNotContain(shiraoi, i => IdOf(i) == ownerOnly.Id);

        var date = await SeenByAsync(Date);
        Assert.Equal(sharedWithNishiIburiOnly.CapacityDetails, ItemOf(date, sharedWithNishiIburiOnly.Id).GetProperty("capacity_details").GetString());
        Assert.DoesNotContain(date, i => IdOf(i) == ownerOnly.Id);

        var noboribetsu = await SeenByAsync(Noboribetsu);
        Assert.Equal(ownerOnly.CapacityDetails, ItemOf(noboribetsu, ownerOnly.Id).GetProperty("capacity_details").GetString());
    }
}
