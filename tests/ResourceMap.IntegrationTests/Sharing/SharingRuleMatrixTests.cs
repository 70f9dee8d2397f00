using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ResourceMap.Api.Common;
using ResourceMap.Infrastructure.Persistence;
using ResourceMap.Infrastructure.Search;
using ResourceMap.Infrastructure.Sharing;
using ResourceMap.IntegrationTests.Infrastructure;

namespace ResourceMap.IntegrationTests.Sharing;

/// <summary>
/// The sharing rule through every rendering: service scope × organisation scope (with their owners and
/// shared_with_regions) × caller kind. For each caller the readable services and organisations must be the same in
/// memory (C#), in EF queries, in raw SQL on the tables, in the search read model, and through the API (nearby, map,
/// the services list and the stale follow-up list, which once listed public services of hidden organisations).
/// </summary>
[Collection(ApiCollection.Name)]
public class SharingRuleMatrixTests(ApiFixture api) : IAsyncLifetime
{
    private const double Lat = 42.50, Lng = 141.15; // inside 登別市, away from the sample directory

    private sealed record Sharing(string Scope, string Owner, string[] Regions);

    private sealed record Case(Guid ServiceId, Guid OrganizationId, Sharing Service, Sharing Organization);

    private sealed record Caller(string Name, HttpClient Client, Viewer Viewer, bool MayListStale);

    /// <summary>Scope and regions: 室蘭 01205 is in nishi-iburi, 白老 01578 is not; both are in noboribetsu-survey-2024.</summary>
    private static readonly (string Scope, string[] Regions)[] Scopes =
    [
        ("public", []), ("public", ["nishi-iburi"]), ("partners", ["nishi-iburi"]), ("partners", ["noboribetsu-survey-2024"]), ("owner", []),
    ];

    private static readonly string[] Owners = ["01230", "01205"];

    private readonly List<Case> _cases = [];
    private readonly List<Caller> _callers = [];

    public async Task InitializeAsync()
    {
        var admin = api.Admin();
        var location = (await (await admin.SendJsonAsync(HttpMethod.Post, "/api/locations", TestData.Location(Lat, Lng))).JsonAsync(201))
            .GetProperty("id").GetGuid();
        foreach (var organizationOwner in Owners)
            foreach (var (organizationScope, organizationRegions) in Scopes)
            {
                var organizationBody = TestData.Organization($"共有規則検証 団体 {Guid.NewGuid():N}");
                organizationBody["owner_municipality_code"] = organizationOwner;
                organizationBody["sharing_scope"] = organizationScope;
                organizationBody["shared_with_regions"] = organizationRegions;
                var organization = (await (await admin.SendJsonAsync(HttpMethod.Post, "/api/organizations", organizationBody)).JsonAsync(201))
                    .GetProperty("id").GetGuid();
                foreach (var serviceOwner in Owners)
                    foreach (var (serviceScope, serviceRegions) in Scopes)
                    {
                        var serviceBody = TestData.Service(organization, [location]);
                        serviceBody["owner_municipality_code"] = serviceOwner;
                        serviceBody["sharing_scope"] = serviceScope;
                        serviceBody["shared_with_regions"] = serviceRegions;
                        var service = (await (await admin.SendJsonAsync(HttpMethod.Post, "/api/services", serviceBody)).JsonAsync(201))
                            .GetProperty("id").GetGuid();
                        _cases.Add(new Case(service, organization, new Sharing(serviceScope, serviceOwner, serviceRegions),
                            new Sharing(organizationScope, organizationOwner, organizationRegions)));
                    }
            }
        // Everything stale, so the follow-up list shows it to whoever may read it.
        await using (var connection = await api.OpenDatabaseAsync())
        {
            var ids = _cases.Select(c => c.ServiceId).ToArray();
            var organizations = _cases.Select(c => c.OrganizationId).Distinct().ToArray();
            await using var stale = new NpgsqlCommand("""
                UPDATE organizations SET last_verified_at = now() - interval '1000 days' WHERE id = ANY (@organizations);
                UPDATE services SET last_verified_at = now() - interval '1000 days' WHERE id = ANY (@ids);
                """, connection);
            stale.Parameters.AddWithValue("ids", ids);
            stale.Parameters.AddWithValue("organizations", organizations);
            await stale.ExecuteNonQueryAsync();
        }

        _callers.Add(new Caller("public", api.Anonymous(), Viewer.Public, false));
        _callers.Add(new Caller("admin", admin, new Viewer(true, true, null, []), true));
        await AddStaffAsync("editor 登別 (owner)", "editor", "01230", true);
        await AddStaffAsync("partner 登別 (owner)", "partner", "01230", false);
        await AddStaffAsync("editor 室蘭 (nishi-iburi, survey area)", "editor", "01205", true);
        await AddStaffAsync("partner 白老 (survey area only)", "partner", "01578", false);
        await AddStaffAsync("editor 札幌 (no shared region)", "editor", "01101", true);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task AddStaffAsync(string name, string role, string home, bool mayListStale)
    {
        var issued = await (await api.Admin().SendJsonAsync(HttpMethod.Post, "/api/keys",
            new { name = $"{name} {Guid.NewGuid():N}", role, home_municipality_code = home })).JsonAsync(201);
        await using var scope = api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ResourceMapDbContext>();
        var regions = await db.RegionMembers.Where(m => m.MunicipalityCode == home).Select(m => m.RegionId).Distinct().ToListAsync();
        _callers.Add(new Caller(name, api.WithKey(issued.GetProperty("key").GetString()!), new Viewer(true, false, home, regions), mayListStale));
    }

    /// <summary>The C# rendering, straight from the case table.</summary>
    private static bool ExpectedService(Viewer viewer, Case c) =>
        SharingRule.MayRead(viewer.ForSearch(), c.Service.Scope, c.Service.Owner, c.Service.Regions)
        && SharingRule.MayRead(viewer.ForSearch(), c.Organization.Scope, c.Organization.Owner, c.Organization.Regions);

    private static bool ExpectedOrganization(Viewer viewer, Case c) =>
        SharingRule.MayRead(viewer.ForSearch(), c.Organization.Scope, c.Organization.Owner, c.Organization.Regions);

    [Fact]
    public void The_matrix_is_not_trivial()
    {
        // Every caller kind reads some and (except admins) misses some services: the comparisons below can fail.
        foreach (var caller in _callers)
        {
            var readable = _cases.Count(c => ExpectedService(caller.Viewer, c));
            Assert.True(readable > 0, caller.Name);
            if (!caller.Viewer.SeesEverything) Assert.True(readable < _cases.Count, caller.Name);
        }
        Assert.Equal(2 * 5 * 2 * 5, _cases.Count);
    }

    [Fact]
    public async Task Every_rendering_gives_the_same_services_and_organisations()
    {
        var ids = _cases.Select(c => c.ServiceId).ToArray();
        var organizationIds = _cases.Select(c => c.OrganizationId).Distinct().ToArray();
        await using var connection = await api.OpenDatabaseAsync();
        foreach (var caller in _callers)
        {
            var viewer = caller.Viewer;
            var search = viewer.ForSearch();
            var expected = _cases.Where(c => ExpectedService(viewer, c)).Select(c => c.ServiceId).Order().ToList();
            var expectedOrganizations = _cases.Where(c => ExpectedOrganization(viewer, c)).Select(c => c.OrganizationId).Distinct().Order().ToList();

            // In memory, on the entities as EF loads them.
            await using var scope = api.Factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ResourceMapDbContext>();
            var loaded = await db.Services.AsNoTracking().Include(s => s.Organization).Where(s => ids.Contains(s.Id)).ToListAsync();
            Assert.Equal(expected, loaded.Where(viewer.MayRead).Select(s => s.Id).Order().ToList());

            // EF queries (the SQL function).
            Assert.Equal(expected, (await db.Services.Where(s => ids.Contains(s.Id)).Where(viewer.ReadableServices())
                .Select(s => s.Id).ToListAsync()).Order().ToList());
            Assert.Equal(expectedOrganizations, (await db.Organizations.Where(o => organizationIds.Contains(o.Id))
                .Where(viewer.ReadableOrganizations()).Select(o => o.Id).ToListAsync()).Order().ToList());

            // Raw SQL on the tables, and on the read model's plain columns.
            Assert.Equal(expected, await IdsAsync(connection, search,
                $"SELECT s.id FROM services s JOIN organizations o ON o.id = s.organization_id WHERE s.id = ANY (@ids) AND {SharingRule.ServiceSql(search, "s", "o")}"));
            Assert.Equal(expected, await IdsAsync(connection, search,
                $"SELECT DISTINCT r.service_id FROM service_search_rows r WHERE r.service_id = ANY (@ids) AND {SharingRule.SearchRowSql(search, "r")}"));
            Assert.Equal(expectedOrganizations, await IdsAsync(connection, search,
                $"SELECT o.id FROM organizations o WHERE o.id = ANY (@ids) AND {SharingRule.Sql(search, "o.sharing_scope", "o.owner_municipality_code", "o.shared_with_regions")}",
                organizationIds));

            // Through the API, as this caller.
            var nearby = await ServiceIdsAsync(caller.Client, FormattableString.Invariant($"/api/search/nearby?lat={Lat}&lng={Lng}&radius_m=50&limit=200"));
            Assert.Equal(expected, nearby.Intersect(ids).Order().ToList());
            var map = await ServiceIdsAsync(caller.Client,
                FormattableString.Invariant($"/api/search/map?bbox={Lng - 0.001},{Lat - 0.001},{Lng + 0.001},{Lat + 0.001}&limit=500"));
            Assert.Equal(expected, map.Intersect(ids).Order().ToList());
            var listed = new List<Guid>();
            foreach (var organization in organizationIds)
                listed.AddRange(await ServiceIdsAsync(caller.Client, $"/api/services?organization_id={organization}&page_size=100", "id"));
            Assert.Equal(expected, listed.Order().ToList());
            if (caller.MayListStale)
            {
                var stale = await StaleAsync(caller.Client);
                Assert.Equal(expected, stale.Where(r => r.Kind == "service").Select(r => r.Id).Intersect(ids).Order().ToList());
                Assert.Equal(expectedOrganizations, stale.Where(r => r.Kind == "organization").Select(r => r.Id).Intersect(organizationIds).Order().ToList());
            }
        }
    }

    private static async Task<List<Guid>> IdsAsync(NpgsqlConnection connection, SearchViewer viewer, string sql, Guid[]? ids = null)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("ids", ids ?? throw new ArgumentNullException(nameof(ids)));
        SharingRule.AddParameters(command.Parameters, viewer);
        var result = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) result.Add(reader.GetGuid(0));
        return result.Order().ToList();
    }

    private Task<List<Guid>> IdsAsync(NpgsqlConnection connection, SearchViewer viewer, string sql) =>
        IdsAsync(connection, viewer, sql, _cases.Select(c => c.ServiceId).ToArray());

    private static async Task<List<Guid>> ServiceIdsAsync(HttpClient client, string url, string? idProperty = null)
    {
        var page = await (await client.GetAsync(url)).JsonAsync(200);
        return page.GetProperty("items").EnumerateArray()
            .Select(item => idProperty is null ? item.GetProperty("service_id").GetGuid() : item.GetProperty(idProperty).GetGuid())
            .ToList();
    }

    private static async Task<List<(string Kind, Guid Id)>> StaleAsync(HttpClient client)
    {
        var rows = new List<(string, Guid)>();
        string? cursor = null;
        do
        {
            var url = "/api/analytics/stale?municipality=01230&limit=500" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = await (await client.GetAsync(url)).JsonAsync(200);
            rows.AddRange(page.GetProperty("items").EnumerateArray()
                .Select(item => (item.GetProperty("entity_type").GetString()!, item.GetProperty("id").GetGuid())));
            cursor = page.GetProperty("next_cursor").ValueKind == System.Text.Json.JsonValueKind.Null ? null : page.GetProperty("next_cursor").GetString();
        } while (cursor is not null);
        return rows;
    }
}
