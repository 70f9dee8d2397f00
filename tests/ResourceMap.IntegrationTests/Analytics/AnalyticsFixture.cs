using System.Text.Json;
using ResourceMap.IntegrationTests.Infrastructure;

namespace ResourceMap.IntegrationTests.Analytics;

/// <summary>
/// A database of its own (reference data only, no sample directory) holding exactly the services created here, so the
/// gap analysis can be checked against counts known in advance: a national or prefecture-wide service created by any
/// other test would cover every municipality and change them. Four municipalities of Iburi form a custom region:
///
/// | service | category     | scope / state                  | sites                 | service area                    |
/// |---------|--------------|--------------------------------|-----------------------|---------------------------------|
/// | S1      | ibasho       | public                         | 白老 01578            | municipality 01578              |
/// | S2      | ibasho       | public                         | 壮瞥 01575 (two)      | multiple 01575, 01584           |
/// | S3      | consultation | public                         | none (phone line)     | national                        |
/// | S4      | consultation | public                         | 洞爺湖 01584          | prefecture 01 (Hokkaido)        |
/// | S5      | outreach     | public                         | 白老 01578            | multiple 01578, 01575           |
/// | S6      | outreach     | public                         | 洞爺湖 01584          | part of 01584 (a district)      |
/// | S7      | outreach     | archived service               | 豊浦 01571            | municipality 01571              |
/// | S8      | other        | owner (白老 01578)              | 豊浦 01571            | municipality 01571              |
/// | S9      | ibasho       | public, of a partners-scoped organisation owned by 01578 | 豊浦 01571 | municipality 01571 |
/// | S10     | consultation | public, its only site archived | 豊浦 01571 (archived) | municipality 01578              |
/// </summary>
public sealed class AnalyticsFixture : ApiFixture
{
    public const string RegionId = "gap-analysis-test";
    /// <summary>Members no test ever loads a population for: the "no population" note is asserted on it.</summary>
    public const string UnpopulatedRegionId = "gap-analysis-unpopulated";
    public const string Toyoura = "01571";
    public const string Sobetsu = "01575";
    public const string Shiraoi = "01578";
    public const string Toyako = "01584";
    public static readonly string[] Members = [Toyoura, Sobetsu, Shiraoi, Toyako];

    protected override bool SeedSampleDirectory => false;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var admin = Admin();
        await (await admin.SendJsonAsync(HttpMethod.Post, "/api/regions", new
        {
            id = RegionId, name_ja = "空白分析テスト圏域", name_en = "Gap analysis test area", description = (string?)null, member_codes = Members,
        })).JsonAsync(201);
        await (await admin.SendJsonAsync(HttpMethod.Post, "/api/regions", new
        {
            id = UnpopulatedRegionId, name_ja = "人口未登録テスト圏域", name_en = "Unpopulated test area", description = (string?)null,
            member_codes = new[] { Toyoura, Toyako },
        })).JsonAsync(201);

        var publicOrganization = await OrganizationAsync(admin, "public", null);
        var partnersOrganization = await OrganizationAsync(admin, "partners", ["nishi-iburi"]);

        await ServiceAsync(admin, publicOrganization, "ibasho", [await SiteAsync(admin, Shiraoi)], TestData.Area("municipality", codes: [Shiraoi]));
        await ServiceAsync(admin, publicOrganization, "ibasho", [await SiteAsync(admin, Sobetsu), await SiteAsync(admin, Sobetsu, 0.001)],
            TestData.Area("multiple_municipalities", codes: [Sobetsu, Toyako]));
        await ServiceAsync(admin, publicOrganization, "consultation", [], TestData.Area("national"));
        await ServiceAsync(admin, publicOrganization, "consultation", [await SiteAsync(admin, Toyako)], TestData.Area("prefecture", prefecture: "01"));
        await ServiceAsync(admin, publicOrganization, "outreach", [await SiteAsync(admin, Shiraoi)],
            TestData.Area("multiple_municipalities", codes: [Shiraoi, Sobetsu]));
        await ServiceAsync(admin, publicOrganization, "outreach", [await SiteAsync(admin, Toyako)],
            TestData.Area("part_of_municipality", codes: [Toyako], district: "洞爺地区"));
        var archived = await ServiceAsync(admin, publicOrganization, "outreach", [await SiteAsync(admin, Toyoura)],
            TestData.Area("municipality", codes: [Toyoura]));
        (await admin.DeleteAsync($"/api/services/{archived}")).EnsureSuccessStatusCode();
        await ServiceAsync(admin, publicOrganization, "other", [await SiteAsync(admin, Toyoura)], TestData.Area("municipality", codes: [Toyoura]),
            scope: "owner");
        await ServiceAsync(admin, partnersOrganization, "ibasho", [await SiteAsync(admin, Toyoura)], TestData.Area("municipality", codes: [Toyoura]));
        var archivedSite = await SiteAsync(admin, Toyoura);
        await ServiceAsync(admin, publicOrganization, "consultation", [archivedSite], TestData.Area("municipality", codes: [Shiraoi]));
        (await admin.DeleteAsync($"/api/locations/{archivedSite}")).EnsureSuccessStatusCode();
    }

    private static async Task<Guid> OrganizationAsync(HttpClient admin, string scope, string[]? regions)
    {
        var body = TestData.Organization();
        body["owner_municipality_code"] = Shiraoi;
        body["sharing_scope"] = scope;
        body["shared_with_regions"] = regions;
        return (await (await admin.SendJsonAsync(HttpMethod.Post, "/api/organizations", body)).JsonAsync(201)).GetProperty("id").GetGuid();
    }

    /// <summary>A site at the municipality's representative point (read from the API), nudged north by <paramref name="offset"/> degrees.</summary>
    private async Task<Guid> SiteAsync(HttpClient admin, string municipality, double offset = 0)
    {
        var point = (await (await Anonymous().GetAsync($"/api/municipalities/{municipality}")).JsonAsync(200)).GetProperty("representative_point");
        var body = TestData.Location(point.GetProperty("lat").GetDouble() + offset, point.GetProperty("lng").GetDouble(), municipality);
        body["address"] = $"北海道 テスト所在地 {municipality}";
        return (await (await admin.SendJsonAsync(HttpMethod.Post, "/api/locations", body)).JsonAsync(201)).GetProperty("id").GetGuid();
    }

    private static async Task<Guid> ServiceAsync(HttpClient admin, Guid organization, string category, Guid[] sites, object area,
        string scope = "public")
    {
        var body = TestData.Service(organization, sites, area);
        body["category"] = category;
        body["sharing_scope"] = scope;
        var created = await (await admin.SendJsonAsync(HttpMethod.Post, "/api/services", body)).JsonAsync(201);
        return created.GetProperty("id").GetGuid();
    }

    public static JsonElement Cell(JsonElement report, string municipality, string category) =>
        report.GetProperty("municipalities").EnumerateArray().Single(m => m.GetProperty("code").GetString() == municipality)
            .GetProperty("categories").EnumerateArray().Single(c => c.GetProperty("category").GetString() == category);
}

[CollectionDefinition(Name)]
public sealed class AnalyticsCollection : ICollectionFixture<AnalyticsFixture>
{
    public const string Name = "analytics";
}
