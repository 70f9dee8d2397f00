using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Geometries;
using ResourceMap.Domain.Text;
using ResourceMap.IntegrationTests.Infrastructure;

namespace ResourceMap.IntegrationTests.Search;

/// <summary>
/// The search endpoints against an independent computation over 10,000 generated services: haversine for nearby,
/// the rectangle for map view, NetTopologySuite point-in-polygon on the same boundaries for region searches.
/// </summary>
[Collection(SearchCollection.Name)]
public class SearchCorrectnessTests(SearchFixture data)
{
    private readonly HttpClient _client = data.Anonymous();

    private IEnumerable<GeneratedHit> Live => data.Hits.Where(h => !h.Service.Archived);

    /// <summary>The wide viewport the text and time filters are checked in, and the same rectangle for the model.</summary>
    private const string WideView = "bbox=140.4,42.2,142.3,43.1";
    private IEnumerable<GeneratedHit> LiveInWideView => Live.Where(h => h.Lng >= 140.4 && h.Lng <= 142.3 && h.Lat >= 42.2 && h.Lat <= 43.1);

    private static void AssertSameSet(ISet<string> expected, IEnumerable<JsonElement> items)
    {
        var returned = items.Select(Key).ToHashSet();
        Assert.True(expected.SetEquals(returned),
            $"missing {expected.Except(returned).Count()} (e.g. {expected.Except(returned).FirstOrDefault()}), unexpected {returned.Except(expected).Count()} (e.g. {returned.Except(expected).FirstOrDefault()})");
    }

    /// <summary>Follows next_cursor to the end, checking that pages never repeat a result.</summary>
    private async Task<List<JsonElement>> AllPagesAsync(string url, Func<string, Task<HttpResponseMessage>>? send = null)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        for (var pages = 0; pages < 1000; pages++)
        {
            var pageUrl = cursor is null ? url : $"{url}&cursor={cursor}";
            var page = await (await (send ?? _client.GetAsync)(pageUrl)).JsonAsync(200);
            items.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("next_cursor").GetString();
            if (cursor is null) break;
        }
        Assert.Equal(items.Count, items.Select(Key).Distinct().Count());
        return items;
    }

    private static string Key(JsonElement item) =>
        $"{item.GetProperty("service_id").GetGuid()}:{(item.GetProperty("location").ValueKind == JsonValueKind.Null ? "-" : item.GetProperty("location").GetProperty("id").GetGuid().ToString())}";

    private static string Key(GeneratedHit hit) => $"{hit.ServiceId}:{hit.LocationId}";

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Nearby_returns_exactly_the_sites_within_the_radius_nearest_first(int centre)
    {
        var (lat, lng, radius) = SearchFixture.Centres[centre];
        var items = await AllPagesAsync(FormattableString.Invariant($"/api/search/nearby?lat={lat}&lng={lng}&radius_m={radius}&limit=200"));

        var distances = Live.ToDictionary(Key, h => SearchFixture.Haversine(lat, lng, h.Lat, h.Lng));
        var expected = distances.Where(d => d.Value <= radius - 0.5).Select(d => d.Key).ToHashSet();
        var ambiguous = distances.Where(d => Math.Abs(d.Value - radius) < 0.5).Select(d => d.Key).ToHashSet();
        var returned = items.Select(Key).ToHashSet();

        Assert.True(expected.Count > 100, $"only {expected.Count} expected sites: the generator is not exercising the radius");
        Assert.Empty(expected.Except(returned));
        Assert.Empty(returned.Except(expected).Except(ambiguous));
        // Points just outside (up to 20 m) exist and are not returned.
        Assert.Contains(distances, d => d.Value > radius + 0.5 && d.Value < radius + 20);

        for (var i = 0; i < items.Count; i++)
        {
            var distance = items[i].GetProperty("distance_m").GetDouble();
            Assert.Equal(distances[Key(items[i])], distance, 0.2);
            if (i == 0) continue;
            var previous = items[i - 1].GetProperty("distance_m").GetDouble();
            Assert.True(previous <= distance, $"results out of order at {i}");
        }
    }

    [Fact]
    public async Task Nearby_breaks_ties_by_service_then_site_id()
    {
        // Services sharing a site are at exactly the same distance: they come in service-id order.
        var shared = Live.GroupBy(h => h.LocationId).First(g => g.Count() > 1 && SearchFixture.Haversine(42.413, 141.106, g.First().Lat, g.First().Lng) < 20_000);
        var site = shared.First();
        var items = await AllPagesAsync(FormattableString.Invariant($"/api/search/nearby?lat={site.Lat}&lng={site.Lng}&radius_m=1&limit=1"));
        var ids = items.Where(i => i.GetProperty("location").GetProperty("id").GetGuid() == site.LocationId)
            .Select(i => i.GetProperty("service_id").GetGuid().ToString()).ToList();
        Assert.Equal(shared.Select(h => h.ServiceId.ToString()).Order(StringComparer.Ordinal), ids);
    }

    [Theory]
    [InlineData(140.95, 42.30, 141.20, 42.48)] // more than the 1,000 the total is counted to
    [InlineData(141.05, 42.38, 141.12, 42.43)] // fewer: the total is exact
    public async Task Map_view_returns_the_sites_inside_the_rectangle_with_the_total(double minLng, double minLat, double maxLng, double maxLat)
    {
        var url = FormattableString.Invariant($"/api/search/map?bbox={minLng},{minLat},{maxLng},{maxLat}&limit=500");
        var first = await (await _client.GetAsync(url)).JsonAsync(200);
        var items = await AllPagesAsync(url);
        var expected = Live.Where(h => h.Lng >= minLng && h.Lng <= maxLng && h.Lat >= minLat && h.Lat <= maxLat).Select(Key).ToHashSet();
        Assert.True(expected.Count > 100, $"only {expected.Count} sites in the viewport");
        Assert.Equal(Math.Min(expected.Count, 1000), first.GetProperty("total").GetInt64());
        Assert.Equal(expected.Count >= 1000, first.GetProperty("total_is_lower_bound").GetBoolean());
        Assert.Equal(Math.Min(expected.Count, 500), first.GetProperty("count").GetInt32());
        AssertSameSet(expected, items);

        // Nearest to the viewport's centre first.
        var (centreLat, centreLng) = ((minLat + maxLat) / 2, (minLng + maxLng) / 2);
        var distances = items.Select(i => SearchFixture.Haversine(centreLat, centreLng,
            i.GetProperty("location").GetProperty("lat").GetDouble(), i.GetProperty("location").GetProperty("lng").GetDouble())).ToList();
        for (var i = 1; i < distances.Count; i++) Assert.True(distances[i - 1] <= distances[i] + 0.01, $"out of order at {i}");
    }

    [Theory]
    [InlineData("01230")]
    [InlineData("01205")]
    [InlineData("01578")]
    public async Task Region_by_municipality_matches_point_in_polygon_on_the_same_boundary(string code)
    {
        var items = await AllPagesAsync($"/api/search/region?municipality={code}&limit=200");
        var boundary = data.Boundaries[code];
        AssertSameAsPolygon(boundary, items);
    }

    [Fact]
    public async Task Region_by_zone_matches_the_union_of_its_members()
    {
        var items = await AllPagesAsync("/api/search/region?region=nishi-iburi&limit=200");
        var union = NetTopologySuite.Operation.Union.UnaryUnionOp.Union(data.RegionMembers["nishi-iburi"].Select(c => data.Boundaries[c]).ToList());
        AssertSameAsPolygon(union, items);
    }

    [Fact]
    public async Task A_posted_polygon_returns_what_lies_inside_it()
    {
        var triangle = new { type = "Polygon", coordinates = new[] { new[] { new[] { 140.95, 42.30 }, new[] { 141.25, 42.35 }, new[] { 141.05, 42.50 }, new[] { 140.95, 42.30 } } } };
        var items = await AllPagesAsync("/api/search/region?limit=200",
            url => _client.SendJsonAsync(HttpMethod.Post, url, triangle));
        var polygon = new GeometryFactory().CreatePolygon([new(140.95, 42.30), new(141.25, 42.35), new(141.05, 42.50), new(140.95, 42.30)]);
        AssertSameAsPolygon(polygon, items);
    }

    private void AssertSameAsPolygon(Geometry area, List<JsonElement> items)
    {
        var prepared = NetTopologySuite.Geometries.Prepared.PreparedGeometryFactory.Prepare(area);
        var expected = new HashSet<string>();
        var ambiguous = new HashSet<string>();
        foreach (var hit in Live)
        {
            var point = new Point(hit.Lng, hit.Lat);
            if (area.Boundary.IsWithinDistance(point, 1e-7)) ambiguous.Add(Key(hit));
            else if (prepared.Covers(point)) expected.Add(Key(hit));
        }
        var returned = items.Select(Key).ToHashSet();
        Assert.True(expected.Count > 50, $"only {expected.Count} sites expected");
        Assert.Empty(expected.Except(returned));
        Assert.Empty(returned.Except(expected).Except(ambiguous));
    }

    [Fact]
    public async Task Filters_combine_as_AND_the_same_way_on_every_endpoint()
    {
        const string filters = "category=ibasho&anonymous_ok=true&target_group=children&accepts_other_municipalities=false";
        bool Matches(GeneratedService s) => s.Category == "ibasho" && s.AnonymousOk && s.TargetGroups.Contains("children") && !s.AcceptsOther;

        var (lat, lng, radius) = SearchFixture.Centres[2];
        var nearby = await AllPagesAsync(FormattableString.Invariant($"/api/search/nearby?lat={lat}&lng={lng}&radius_m={radius}&limit=200&{filters}"));
        var expectedNearby = Live.Where(h => Matches(h.Service) && SearchFixture.Haversine(lat, lng, h.Lat, h.Lng) < radius - 0.5).Select(Key).ToHashSet();
        Assert.NotEmpty(expectedNearby);
        Assert.True(expectedNearby.IsSubsetOf(nearby.Select(Key)));
        Assert.All(nearby, i => Assert.Equal("ibasho", i.GetProperty("category").GetString()));

        var map = await AllPagesAsync($"/api/search/map?{WideView}&limit=500&{filters}");
        AssertSameSet(LiveInWideView.Where(h => Matches(h.Service)).Select(Key).ToHashSet(), map);
    }

    [Theory]
    [InlineData("子ども")]
    [InlineData("居場")]
    [InlineData("こども")] // matches コドモ (katakana folded) but not 子ども (kanji)
    [InlineData("npo")]    // matches ＮＰＯ (full width)
    public async Task Japanese_free_text_is_normalised_and_two_characters_work(string q)
    {
        var map = await AllPagesAsync($"/api/search/map?{WideView}&limit=500&q={Uri.EscapeDataString(q)}");
        var key = JapaneseText.SearchKey(q);
        var expected = LiveInWideView.Where(h => h.Service.SearchKey.Contains(key, StringComparison.Ordinal)).Select(Key).ToHashSet();
        Assert.NotEmpty(expected);
        AssertSameSet(expected, map);
    }

    [Theory]
    [InlineData("2024-02-10T12:00:00+09:00")] // Saturday noon
    [InlineData("2024-02-10T01:30:00+09:00")] // Saturday 01:30: Friday night's 20:00–02:00 is still open
    [InlineData("2024-02-12T10:00:00+09:00")] // Monday morning
    [InlineData("2024-02-12T03:00:00Z")]      // the same instant given in UTC
    [InlineData("2024-02-12T10:00")]          // no offset: Japan time, not UTC (19:00 in Japan would match other services)
    [InlineData("2024-02-10T12:00")]          // Saturday noon in Japan time, without seconds or offset
    [InlineData("2024-02-12T14:00:00+09:00")] // 2024-02-12 is a substitute public holiday: holiday hours replace Monday's
    [InlineData("2026-09-22T14:00")]          // 国民の休日 between Respect for the Aged Day and the equinox
    [InlineData("2026-09-22T10:00")]
    [InlineData("2024-02-13T10:00")]          // the Tuesday after is an ordinary Tuesday
    public async Task Open_at_uses_the_weekly_hours_in_Japan_time_including_past_midnight(string openAt)
    {
        var map = await AllPagesAsync($"/api/search/map?{WideView}&limit=500&open_at={Uri.EscapeDataString(openAt)}");
        var instant = openAt.Length == 16 ? DateTimeOffset.Parse(openAt + ":00+09:00", CultureInfo.InvariantCulture) : DateTimeOffset.Parse(openAt, CultureInfo.InvariantCulture);
        var local = TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));
        string[] days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
        var date = DateOnly.FromDateTime(local.DateTime);
        // Official calendar (Cabinet Office) for the dates used here.
        DateOnly[] holidays = [new(2024, 2, 11), new(2024, 2, 12), new(2026, 9, 21), new(2026, 9, 22), new(2026, 9, 23)];
        var time = TimeOnly.FromDateTime(local.DateTime);
        string DayOf(GeneratedService s, DateOnly d) =>
            holidays.Contains(d) && s.Hours.Any(h => h.Day == "holiday") ? "holiday" : days[(int)d.DayOfWeek];
        bool Open(GeneratedService s) => s.Hours.Any(h =>
            (h.Day == DayOf(s, date) && h.Opens <= time && (h.Closes > time || h.Closes <= h.Opens))
            || (h.Day == DayOf(s, date.AddDays(-1)) && h.Closes <= h.Opens && time < h.Closes));
        var expected = LiveInWideView.Where(h => Open(h.Service)).Select(Key).ToHashSet();
        Assert.NotEmpty(expected);
        AssertSameSet(expected, map);
    }

    [Theory]
    [InlineData("01230")]
    [InlineData("01578")]
    public async Task Coverage_of_a_municipality_covers_every_level_local_first(string code)
    {
        var items = await AllPagesAsync($"/api/search/coverage?municipality={code}&limit=200");
        var expected = data.Services.Where(s => !s.Archived && (s.Level == "national" || s.CoveredCodes.Contains(code))).Select(s => s.Id).ToHashSet();
        var returned = items.Select(i => i.GetProperty("service_id").GetGuid()).ToList();
        Assert.Equal(returned.Count, returned.Distinct().Count());
        Assert.True(expected.SetEquals(returned));
        var levels = data.Services.Where(s => expected.Contains(s.Id)).Select(s => s.Level).Distinct().ToList();
        Assert.True(levels.Count >= 5, $"only levels {string.Join(", ", levels)} cover {code}");

        string[] order = ["part_of_municipality", "municipality", "multiple_municipalities", "region", "prefecture", "national"];
        var ranks = items.Select(i => Array.IndexOf(order, i.GetProperty("service_area_level").GetString())).ToList();
        Assert.Equal(ranks.Order(), ranks);
        foreach (var group in items.GroupBy(i => i.GetProperty("service_area_level").GetString()))
        {
            var distances = group.Select(i => i.GetProperty("distance_m").GetDouble()).ToList();
            Assert.Equal(distances.Order(), distances);
        }
    }

    [Theory]
    [InlineData(42.413, 141.106)]
    [InlineData(42.3152, 140.9737)]
    public async Task Coverage_shows_each_service_at_its_nearest_site_with_that_distance(double lat, double lng)
    {
        var items = await AllPagesAsync(FormattableString.Invariant($"/api/search/coverage?lat={lat}&lng={lng}&limit=200"));
        var sites = Live.GroupBy(h => h.ServiceId).ToDictionary(g => g.Key, g => g.Select(h => (h.LocationId, Distance: SearchFixture.Haversine(lat, lng, h.Lat, h.Lng))).ToList());
        Assert.Contains(items, i => sites.TryGetValue(i.GetProperty("service_id").GetGuid(), out var of) && of.Count > 1);
        foreach (var item in items)
        {
            var service = item.GetProperty("service_id").GetGuid();
            if (!sites.TryGetValue(service, out var of))
            {
                Assert.Equal(JsonValueKind.Null, item.GetProperty("location").ValueKind);
                continue;
            }
            var nearest = of.Min(s => s.Distance);
            Assert.Equal(nearest, item.GetProperty("distance_m").GetDouble(), 0.2);
            // The shown site is the nearest one (another within 0.2 m would be a tie the model cannot settle).
            var shown = of.Single(s => s.LocationId == item.GetProperty("location").GetProperty("id").GetGuid());
            Assert.True(shown.Distance - nearest < 0.2, $"{service} shown at a site {shown.Distance - nearest:F1} m further than its nearest");
        }
    }

    [Fact]
    public async Task Coverage_of_a_point_includes_the_drawn_district_around_it_but_not_one_elsewhere()
    {
        var district = data.Services.First(s => !s.Archived && s.DrawnArea is not null);
        var inside = district.DrawnArea!.Centroid;
        var items = await AllPagesAsync(FormattableString.Invariant($"/api/search/coverage?lat={inside.Y}&lng={inside.X}&limit=200"));
        var returned = items.Select(i => i.GetProperty("service_id").GetGuid()).ToHashSet();

        var point = new Point(inside.X, inside.Y);
        var containing = data.Boundaries.Where(b => b.Value.Covers(point)).Select(b => b.Key).ToList();
        var expected = data.Services.Where(s => !s.Archived && (s.Level == "national"
            || (s.DrawnArea is null && s.CoveredCodes.Intersect(containing).Any())
            || (s.DrawnArea is not null && s.DrawnArea.Covers(point)))).Select(s => s.Id).ToHashSet();
        Assert.Contains(district.Id, returned);
        Assert.True(expected.SetEquals(returned));
        Assert.Equal("part_of_municipality", items[0].GetProperty("service_area_level").GetString());
    }

    [Theory]
    [InlineData("/api/search/nearby?lat=42.4&lng=141.1&radius_m=0", "radius_m")]
    [InlineData("/api/search/nearby?lat=42.4&lng=141.1&radius_m=500000", "radius_m")]
    [InlineData("/api/search/nearby?lat=141.1&lng=42.4&radius_m=500", "lat")]
    [InlineData("/api/search/nearby?lat=42.4&lng=141.1&radius_m=500&category=karaoke", "category")]
    [InlineData("/api/search/nearby?lat=42.4&lng=141.1&radius_m=500&cursor=bogus", "cursor")]
    [InlineData("/api/search/nearby?lat=42.4&lng=141.1&radius_m=500&open_at=friday", "open_at")]
    [InlineData("/api/search/nearby?lat=42.4&lng=141.1&radius_m=500&open_at=2024-02-10", "open_at")]
    [InlineData("/api/search/nearby?lat=42.4&lng=141.1&radius_m=500&q=x", "q")]
    [InlineData("/api/search/map?bbox=141.2,42.5,140.9,42.3", "bbox")]
    [InlineData("/api/search/map?bbox=1,2,3", "bbox")]
    [InlineData("/api/search/map?bbox=120,20,150,46", "bbox")]
    [InlineData("/api/search/region?municipality=01999", "municipality")]
    [InlineData("/api/search/region?region=atlantis", "region")]
    [InlineData("/api/search/coverage?municipality=012302", "municipality")]
    [InlineData("/api/search/coverage?lat=42.4", "lng")]
    [InlineData("/tiles/services/12/99999/1514.mvt", "x")]
    [InlineData("/tiles/services/12/3653/1514.mvt?keyword=nothing", "keyword")]
    public async Task Bad_parameters_are_400_problems_naming_the_parameter(string url, string parameter)
    {
        var problem = await (await _client.GetAsync(url)).ProblemAsync(400, "urn:resourcemap:problem:validation");
        Assert.NotEmpty(problem.FieldError(parameter));
    }

    [Fact]
    public async Task Invalid_and_too_complex_polygons_are_400()
    {
        var bowtie = new { type = "Polygon", coordinates = new[] { new[] { new[] { 141.0, 42.3 }, new[] { 141.2, 42.5 }, new[] { 141.2, 42.3 }, new[] { 141.0, 42.5 }, new[] { 141.0, 42.3 } } } };
        var invalid = await (await _client.SendJsonAsync(HttpMethod.Post, "/api/search/region", bowtie)).ProblemAsync(400, "urn:resourcemap:problem:validation");
        Assert.Contains("not valid", invalid.FieldError("body"));

        var ring = Enumerable.Range(0, 10_500).Select(i => new[] { Math.Round(141.0 + 0.1 * Math.Cos(i * 2 * Math.PI / 10_500), 4), Math.Round(42.4 + 0.1 * Math.Sin(i * 2 * Math.PI / 10_500), 4) }).ToList();
        ring.Add(ring[0]);
        var complex = new { type = "Polygon", coordinates = new[] { ring.ToArray() } };
        var tooComplex = await (await _client.SendJsonAsync(HttpMethod.Post, "/api/search/region", complex)).ProblemAsync(400, "urn:resourcemap:problem:validation");
        Assert.Contains("vertices", tooComplex.FieldError("body"));
    }
}
