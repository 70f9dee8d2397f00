using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using Npgsql;
using ResourceMap.Domain.Text;
using ResourceMap.IntegrationTests.Infrastructure;

namespace ResourceMap.IntegrationTests.Search;

/// <summary>A generated site: one service at one location, as the test's independent model knows it.</summary>
public sealed record GeneratedHit(Guid ServiceId, Guid LocationId, double Lat, double Lng, GeneratedService Service);

public sealed record GeneratedService(
    Guid Id, string Name, string Category, string[] TargetGroups, string[] Keywords, string[] Channels, bool AnonymousOk,
    bool AcceptsOther, bool Archived, (string Day, TimeOnly Opens, TimeOnly Closes)[] Hours, string Level,
    string[] CoveredCodes, Polygon? DrawnArea, string SearchKey);

/// <summary>
/// A database of its own with the reference data and 10,000 generated services around Iburi: clustered near the
/// nearby-search centres (just inside and just outside the radius), along municipal borders, and spread over the
/// sub-prefecture, with every service-area level. The generator keeps everything in memory, so the tests can
/// compute the expected answers independently (haversine, NetTopologySuite point-in-polygon).
/// </summary>
public sealed class SearchFixture : ApiFixture
{
    public const int ServiceCount = 10_000;
    public const double EarthRadius = 6_371_008.8; // PostGIS's mean radius for use_spheroid = false

    public static readonly (double Lat, double Lng, double Radius)[] Centres =
        [(42.413, 141.106, 5_000), (42.3152, 140.9737, 1_500), (42.60, 141.40, 20_000)];

    public static readonly string[] NameParts = ["子ども食堂", "居場所カフェ", "ひきこもり相談", "コドモの広場", "いのちの電話", "ふれあいサロン", "Youth Space", "見守り訪問", "ＮＰＯ相談室"];

    protected override bool SeedSampleDirectory => false;

    public List<GeneratedHit> Hits { get; } = [];
    public List<GeneratedService> Services { get; } = [];
    public Dictionary<string, Geometry> Boundaries { get; } = new();
    public Dictionary<string, List<string>> RegionMembers { get; } = new();
    public List<string> HokkaidoCodes { get; } = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var connection = await OpenDatabaseAsync();
        await LoadGeographyAsync(connection);
        Generate(new Random(20240205));
        await InsertAsync(connection);
    }

    /// <summary>Boundaries arrive as GeoJSON from the API (what a client sees), not from the tables under test.</summary>
    private async Task LoadGeographyAsync(NpgsqlConnection connection)
    {
        var client = Anonymous();
        var hokkaido = await (await client.GetAsync("/api/municipalities?prefecture=01")).JsonAsync(200);
        HokkaidoCodes.AddRange(hokkaido.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("code").GetString()!));
        foreach (var regionId in new[] { "hokkaido-iburi", "nishi-iburi" })
        {
            var region = await (await client.GetAsync($"/api/regions/{regionId}")).JsonAsync(200);
            RegionMembers[regionId] = region.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("code").GetString()!).ToList();
        }
        foreach (var code in RegionMembers["hokkaido-iburi"].Concat(["01101", "01224", "01217"]))
        {
            var municipality = await (await client.GetAsync($"/api/municipalities/{code}?include=boundary")).JsonAsync(200);
            Boundaries[code] = JsonSerializer.Deserialize<Geometry>(municipality.GetProperty("boundary").GetRawText(), ApiFixture.Json)!;
        }
    }

    private void Generate(Random random)
    {
        var iburi = RegionMembers["hokkaido-iburi"];
        var borderVertices = iburi.SelectMany(code => Boundaries[code].Coordinates).ToArray();
        var categories = new[] { "ibasho", "consultation", "outreach", "other" };
        var targets = new[] { "children", "youth", "older_people", "living_alone", "hikikomori", "anyone" };
        var keywords = new[] { "futoko", "ijime", "hikikomori", "loneliness", "poverty", "suicide" };
        var channels = new[] { "in_person", "phone", "sns", "visit" };
        var hourPatterns = new (string, TimeOnly, TimeOnly)[][]
        {
            [("mon", new(9, 0), new(17, 0)), ("tue", new(9, 0), new(17, 0)), ("wed", new(9, 0), new(17, 0))],
            [("sat", new(10, 0), new(15, 0)), ("sun", new(10, 0), new(15, 0))],
            [("fri", new(20, 0), new(2, 0)), ("sat", new(20, 0), new(2, 0))],
            [],
        };
        Location? shared = null;
        for (var i = 0; i < ServiceCount; i++)
        {
            var id = Guid.NewGuid();
            var (lat, lng) = (i % 10) switch
            {
                < 3 => NearRadius(random),
                < 6 => NearBorder(random, borderVertices),
                _ => (42.25 + random.NextDouble() * 0.75, 140.45 + random.NextDouble() * 1.75),
            };
            var level = (i % 20) switch
            {
                < 10 => "municipality",
                < 12 => "part_of_municipality",
                < 14 => "multiple_municipalities",
                < 16 => "region",
                < 19 => "prefecture",
                _ => "national",
            };
            var homeCode = iburi[random.Next(iburi.Count)];
            Polygon? drawn = null;
            string[] covered = level switch
            {
                "municipality" => [homeCode],
                "part_of_municipality" => [homeCode],
                "multiple_municipalities" => [homeCode, iburi[(iburi.IndexOf(homeCode) + 1) % iburi.Count]],
                "region" => RegionMembers["nishi-iburi"].ToArray(),
                "prefecture" => HokkaidoCodes.ToArray(),
                _ => [],
            };
            if (level == "part_of_municipality" && i % 40 == 10)
            {
                var centre = Boundaries[homeCode].InteriorPoint.Coordinate;
                drawn = new GeometryFactory(new PrecisionModel(), 4326).CreatePolygon([
                    new(centre.X - 0.01, centre.Y - 0.01), new(centre.X + 0.01, centre.Y - 0.01), new(centre.X + 0.01, centre.Y + 0.01),
                    new(centre.X - 0.01, centre.Y + 0.01), new(centre.X - 0.01, centre.Y - 0.01)]);
            }
            var name = NameParts[random.Next(NameParts.Length)] + " " + i;
            var service = new GeneratedService(id, name, categories[random.Next(4)], Pick(random, targets), Pick(random, keywords),
                Pick(random, channels), random.Next(3) == 0, random.Next(2) == 0, random.Next(20) == 0, hourPatterns[random.Next(hourPatterns.Length)],
                level, covered.Distinct().Order(StringComparer.Ordinal).ToArray(), drawn, JapaneseText.SearchKey(name));
            Services.Add(service);

            // Most services have a site of their own; some share the previous site; a few have a second site.
            var location = i % 25 == 7 && shared is not null ? shared : new Location(Guid.NewGuid(), lat, lng);
            shared = location;
            Hits.Add(new GeneratedHit(id, location.Id, location.Lat, location.Lng, service));
            if (i % 50 == 3)
            {
                var (lat2, lng2) = NearRadius(random);
                Hits.Add(new GeneratedHit(id, Guid.NewGuid(), lat2, lng2, service));
            }
        }
    }

    private sealed record Location(Guid Id, double Lat, double Lng);

    private static string[] Pick(Random random, string[] from) =>
        from.Where(_ => random.Next(3) == 0).DefaultIfEmpty(from[random.Next(from.Length)]).ToArray();

    /// <summary>A point a few metres inside or outside one of the nearby-search radii.</summary>
    private static (double Lat, double Lng) NearRadius(Random random)
    {
        var (lat, lng, radius) = Centres[random.Next(Centres.Length)];
        var distance = random.Next(4) == 0 ? random.NextDouble() * radius : radius + (random.NextDouble() * 40 - 20);
        return Destination(lat, lng, random.NextDouble() * 360, distance);
    }

    private static (double Lat, double Lng) NearBorder(Random random, Coordinate[] vertices)
    {
        var vertex = vertices[random.Next(vertices.Length)];
        return (vertex.Y + (random.NextDouble() - 0.5) * 0.004, vertex.X + (random.NextDouble() - 0.5) * 0.004);
    }

    public static (double Lat, double Lng) Destination(double lat, double lng, double bearingDegrees, double metres)
    {
        var δ = metres / EarthRadius;
        var θ = bearingDegrees * Math.PI / 180;
        var φ1 = lat * Math.PI / 180;
        var λ1 = lng * Math.PI / 180;
        var φ2 = Math.Asin(Math.Sin(φ1) * Math.Cos(δ) + Math.Cos(φ1) * Math.Sin(δ) * Math.Cos(θ));
        var λ2 = λ1 + Math.Atan2(Math.Sin(θ) * Math.Sin(δ) * Math.Cos(φ1), Math.Cos(δ) - Math.Sin(φ1) * Math.Sin(φ2));
        return (φ2 * 180 / Math.PI, λ2 * 180 / Math.PI);
    }

    public static double Haversine(double lat1, double lng1, double lat2, double lng2)
    {
        var φ1 = lat1 * Math.PI / 180;
        var φ2 = lat2 * Math.PI / 180;
        var dφ = φ2 - φ1;
        var dλ = (lng2 - lng1) * Math.PI / 180;
        var a = Math.Sin(dφ / 2) * Math.Sin(dφ / 2) + Math.Cos(φ1) * Math.Cos(φ2) * Math.Sin(dλ / 2) * Math.Sin(dλ / 2);
        return 2 * EarthRadius * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    /// <summary>Bulk insert through jsonb_to_recordset: the rows the API would have written, without 10,000 requests.</summary>
    private async Task InsertAsync(NpgsqlConnection connection)
    {
        var organizationId = Guid.NewGuid();
        await using var transaction = await connection.BeginTransactionAsync();
        async Task Execute(string sql, object rows)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            command.Parameters.AddWithValue("rows", NpgsqlTypes.NpgsqlDbType.Jsonb, JsonSerializer.Serialize(rows));
            await command.ExecuteNonQueryAsync();
        }
        await Execute("""
            INSERT INTO organizations (id, name, legal_form, owner_municipality_code, phones, platform_member, source, search_text,
                                       created_at, updated_at, last_verified_at)
            SELECT r.id, r.name, 'npo', '01230', '[]', false, 'generated', r.name, now(), now(), now()
            FROM jsonb_to_recordset(@rows) AS r(id uuid, name text)
            """, new[] { new { id = organizationId, name = "生成された団体" } });
        await Execute("""
            INSERT INTO locations (id, address, municipality_code, point, precision, created_at, updated_at, last_verified_at)
            SELECT r.id, '生成住所', '01230', ST_SetSRID(ST_MakePoint(r.lng, r.lat), 4326)::geography, 'exact', now(), now(), now()
            FROM jsonb_to_recordset(@rows) AS r(id uuid, lat float8, lng float8)
            """, Hits.DistinctBy(h => h.LocationId).Select(h => new { id = h.LocationId, lat = h.Lat, lng = h.Lng }).ToList());
        await Execute("""
            INSERT INTO services (id, organization_id, name, category, target_groups, problem_keywords, channels, anonymous_ok, hours,
                                  languages, commissioned_by_municipality, accepts_other_municipalities, owner_municipality_code,
                                  source, search_text, created_at, updated_at, last_verified_at, archived_at)
            SELECT r.id, @organization, r.name, r.category,
                   ARRAY(SELECT jsonb_array_elements_text(r.target_groups)), ARRAY(SELECT jsonb_array_elements_text(r.keywords)),
                   ARRAY(SELECT jsonb_array_elements_text(r.channels)), r.anonymous_ok, r.hours, ARRAY['ja'], false,
                   r.accepts_other, '01230', 'generated', r.search_key, now(), now(), now(), CASE WHEN r.archived THEN now() END
            FROM jsonb_to_recordset(@rows) AS r(id uuid, name text, category text, target_groups jsonb, keywords jsonb, channels jsonb,
                                               anonymous_ok bool, hours jsonb, accepts_other bool, search_key text, archived bool)
            """.Replace("@organization", $"'{organizationId}'"), Services.Select(s => new
        {
            id = s.Id, name = s.Name, category = s.Category, target_groups = s.TargetGroups, keywords = s.Keywords, channels = s.Channels,
            anonymous_ok = s.AnonymousOk, accepts_other = s.AcceptsOther, search_key = s.SearchKey, archived = s.Archived,
            hours = s.Hours.Select(h => new { day = h.Day, opens = h.Opens.ToString("HH:mm:ss", CultureInfo.InvariantCulture), closes = h.Closes.ToString("HH:mm:ss", CultureInfo.InvariantCulture) }),
        }).ToList());
        await Execute("""
            INSERT INTO service_at_location (service_id, location_id)
            SELECT r.service_id, r.location_id FROM jsonb_to_recordset(@rows) AS r(service_id uuid, location_id uuid)
            """, Hits.Select(h => new { service_id = h.ServiceId, location_id = h.LocationId }).ToList());
        await Execute("""
            INSERT INTO service_areas (service_id, level, municipality_codes, covered_municipality_codes, region_id, prefecture_code, geometry)
            SELECT r.id, r.level, ARRAY[]::text[], ARRAY(SELECT jsonb_array_elements_text(r.covered)),
                   CASE WHEN r.level = 'region' THEN 'nishi-iburi' END, CASE WHEN r.level = 'prefecture' THEN '01' END,
                   ST_Multi(ST_GeomFromText(r.drawn, 4326))
            FROM jsonb_to_recordset(@rows) AS r(id uuid, level text, covered jsonb, drawn text)
            """, Services.Select(s => new { id = s.Id, level = s.Level, covered = s.CoveredCodes, drawn = s.DrawnArea?.AsText() }).ToList());
        await transaction.CommitAsync();
        await using var analyze = new NpgsqlCommand("ANALYZE", connection);
        await analyze.ExecuteNonQueryAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SearchCollection : ICollectionFixture<SearchFixture>
{
    public const string Name = "search";
}
