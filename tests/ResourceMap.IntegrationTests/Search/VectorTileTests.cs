using System.Net;
using System.Text;
using ResourceMap.IntegrationTests.Infrastructure;

namespace ResourceMap.IntegrationTests.Search;

/// <summary>
/// The tiles' contents, decoded: MVT feature ids on every feature of both layers, clusters below zoom 14 that account
/// for every site of the tile, one feature per site from zoom 14, and boundaries that are light at z0.
/// </summary>
[Collection(SearchCollection.Name)]
public class VectorTileTests(SearchFixture data)
{
    private readonly HttpClient _client = data.Anonymous();

    private IEnumerable<GeneratedHit> LiveIn(int z, int x, int y)
    {
        var (west, south, east, north) = TileBounds(z, x, y);
        return data.Hits.Where(h => !h.Service.Archived && h.Lng > west && h.Lng < east && h.Lat > south && h.Lat < north);
    }

    [Fact]
    public async Task Below_zoom_14_sites_are_clustered_with_counts_and_representative_ids()
    {
        var layer = (await TileAsync("/tiles/services/12/3653/1514.mvt")).Single(l => l.Name == "services");
        var ids = data.Services.Select(s => s.Id.ToString()).ToHashSet();
        Assert.All(layer.Features, f => Assert.True(f.Id > 0, "every feature needs an MVT id"));
        Assert.Equal(layer.Features.Count, layer.Features.Select(f => f.Id).Distinct().Count());
        Assert.All(layer.Features, f => Assert.Contains((string)f.Properties["id"], ids));
        var clusters = layer.Features.Where(f => f.Properties.TryGetValue("cluster", out var c) && (bool)c).ToList();
        Assert.NotEmpty(clusters);
        Assert.All(clusters, c => Assert.True((long)c.Properties["count"] > 1));
        Assert.All(layer.Features.Except(clusters), f => Assert.Equal(1L, (long)f.Properties["count"]));
        Assert.All(layer.Features.Except(clusters), f => Assert.True(f.Properties.ContainsKey("name")));
        // Every live site of the tile is counted once (sites on the tile's very edge are not generated).
        Assert.Equal(LiveIn(12, 3653, 1514).Count(), layer.Features.Sum(f => (long)f.Properties["count"]));
        Assert.True(layer.Features.Count <= 64 * 64);
    }

    [Fact]
    public async Task From_zoom_14_every_site_is_a_feature_of_its_own()
    {
        // The zoom-14 tile holding the most generated sites.
        var (x, y) = data.Hits.Where(h => !h.Service.Archived).GroupBy(h => TileOf(14, h.Lat, h.Lng))
            .OrderByDescending(g => g.Count()).First().Key;
        var layer = (await TileAsync($"/tiles/services/14/{x}/{y}.mvt")).Single(l => l.Name == "services");
        var expected = LiveIn(14, x, y).ToList();
        Assert.True(expected.Count > 1);
        Assert.Equal(expected.Count, layer.Features.Count);
        Assert.Equal(expected.Select(h => h.ServiceId.ToString()).Order(), layer.Features.Select(f => (string)f.Properties["id"]).Order());
        Assert.All(layer.Features, f => Assert.True(f.Id > 0));
        Assert.All(layer.Features, f => Assert.False(f.Properties.ContainsKey("cluster") && (bool)f.Properties["cluster"]));
    }

    [Fact]
    public async Task Municipality_features_have_their_code_as_MVT_id_and_a_z0_tile_stays_light()
    {
        var layer = (await TileAsync("/tiles/municipalities/12/3653/1514.mvt")).Single(l => l.Name == "municipalities");
        Assert.Contains(layer.Features, f => f.Id == 1230 && (string)f.Properties["code"] == "01230");
        Assert.All(layer.Features, f => Assert.Equal(ulong.Parse((string)f.Properties["code"], System.Globalization.CultureInfo.InvariantCulture), f.Id));

        var world = await (await _client.GetAsync("/tiles/municipalities/0/0/0.mvt")).Content.ReadAsByteArrayAsync();
        var worldLayer = Decode(world).Single(l => l.Name == "municipalities");
        Assert.True(worldLayer.Features.Count > 1_000, "the z0 tile still shows Japan's municipalities");
        // Simplified for the zoom: a few coordinates per municipality, where the stored shapes have hundreds.
        Assert.True(world.Length < 400_000, $"z0 tile is {world.Length} bytes");
        // Simplified for the zoom: a handful of coordinates per municipality at z0, many more at z8.
        var z0PerFeature = (double)GeometryLength([worldLayer]) / worldLayer.Features.Count;
        var z8 = Decode(await (await _client.GetAsync("/tiles/municipalities/8/228/94.mvt")).Content.ReadAsByteArrayAsync());
        var z8PerFeature = (double)GeometryLength(z8) / z8.Sum(l => l.Features.Count);
        Assert.True(z0PerFeature < 40, $"z0: {z0PerFeature:F1} geometry integers per municipality");
        Assert.True(z8PerFeature > 2 * z0PerFeature, $"z8: {z8PerFeature:F1} against z0: {z0PerFeature:F1}");
    }

    private async Task<List<Layer>> TileAsync(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Decode(await response.Content.ReadAsByteArrayAsync());
    }

    private static (int X, int Y) TileOf(int z, double lat, double lng)
    {
        var n = 1 << z;
        var x = (int)Math.Floor((lng + 180) / 360 * n);
        var latRad = lat * Math.PI / 180;
        var y = (int)Math.Floor((1 - Math.Log(Math.Tan(latRad) + 1 / Math.Cos(latRad)) / Math.PI) / 2 * n);
        return (x, y);
    }

    private static (double West, double South, double East, double North) TileBounds(int z, int x, int y)
    {
        var n = 1 << z;
        double Lat(int row) => Math.Atan(Math.Sinh(Math.PI * (1 - 2.0 * row / n))) * 180 / Math.PI;
        return (x * 360.0 / n - 180, Lat(y + 1), (x + 1) * 360.0 / n - 180, Lat(y));
    }

    private static int GeometryLength(List<Layer> layers) => layers.Sum(l => l.Features.Sum(f => f.GeometryLength));

    // A minimal reader of the Mapbox Vector Tile protobuf (spec 2.1): layers, their keys and values, feature ids and tags.
    public sealed record Feature(ulong Id, Dictionary<string, object> Properties, int GeometryLength);

    public sealed record Layer(string Name, List<Feature> Features);

    private static List<Layer> Decode(byte[] tile)
    {
        var layers = new List<Layer>();
        var reader = new Protobuf(tile, 0, tile.Length);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 3 && wire == 2) layers.Add(DecodeLayer(reader.Bytes()));
            else reader.Skip(wire);
        }
        return layers;
    }

    private static Layer DecodeLayer(Protobuf reader)
    {
        string name = "";
        var keys = new List<string>();
        var values = new List<object>();
        var raw = new List<(ulong Id, List<uint> Tags, int GeometryLength)>();
        while (reader.Next(out var field, out var wire))
        {
            switch (field)
            {
                case 1: name = reader.String(); break;
                case 2:
                    {
                        var feature = reader.Bytes();
                        ulong id = 0; var tags = new List<uint>(); var geometry = 0;
                        while (feature.Next(out var f, out var w))
                        {
                            if (f == 1) id = feature.Varint();
                            else if (f == 2) { var packed = feature.Bytes(); while (!packed.End) tags.Add((uint)packed.Varint()); }
                            else if (f == 4) { var packed = feature.Bytes(); while (!packed.End) { packed.Varint(); geometry++; } }
                            else feature.Skip(w);
                        }
                        raw.Add((id, tags, geometry));
                        break;
                    }
                case 3: keys.Add(reader.String()); break;
                case 4:
                    {
                        var value = reader.Bytes();
                        object decoded = "";
                        while (value.Next(out var f, out var w))
                        {
                            decoded = f switch
                            {
                                1 => value.String(),
                                4 or 5 => (long)value.Varint(),
                                6 => Zigzag(value.Varint()),
                                7 => value.Varint() != 0,
                                _ => Skipped(value, w),
                            };
                        }
                        values.Add(decoded);
                        break;
                    }
                default: reader.Skip(wire); break;
            }
        }
        var features = raw.Select(r => new Feature(r.Id,
            Enumerable.Range(0, r.Tags.Count / 2).ToDictionary(i => keys[(int)r.Tags[2 * i]], i => values[(int)r.Tags[2 * i + 1]]),
            r.GeometryLength)).ToList();
        return new Layer(name, features);
    }

    private static long Zigzag(ulong n) => (long)(n >> 1) ^ -(long)(n & 1);

    private static object Skipped(Protobuf reader, int wire) { reader.Skip(wire); return ""; }

    private sealed class Protobuf(byte[] buffer, int start, int end)
    {
        private int _position = start;

        public bool End => _position >= end;

        public bool Next(out int field, out int wire)
        {
            field = 0; wire = 0;
            if (End) return false;
            var key = Varint();
            field = (int)(key >> 3); wire = (int)(key & 7);
            return true;
        }

        public ulong Varint()
        {
            ulong result = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = buffer[_position++];
                result |= (ulong)(b & 0x7f) << shift;
                if (b < 0x80) return result;
            }
        }

        public Protobuf Bytes()
        {
            var length = (int)Varint();
            var inner = new Protobuf(buffer, _position, _position + length);
            _position += length;
            return inner;
        }

        public string String()
        {
            var length = (int)Varint();
            var text = Encoding.UTF8.GetString(buffer, _position, length);
            _position += length;
            return text;
        }

        public void Skip(int wire)
        {
            switch (wire)
            {
                case 0: Varint(); break;
                case 1: _position += 8; break;
                case 2: _position += (int)Varint(); break;
                case 5: _position += 4; break;
                default: throw new InvalidDataException($"wire type {wire}");
            }
        }
    }
}
