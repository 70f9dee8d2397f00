using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using ResourceMap.Domain.Geography;
using ResourceMap.Domain.Taxonomy;
using ResourceMap.Infrastructure.Persistence;

namespace ResourceMap.Infrastructure.Seeding;

/// <summary>
/// Loads taxonomy, municipalities (N03 boundaries) and regions from seed-data/. Each data set is reloaded only when
/// its file checksum changes, inside one transaction, so the step is idempotent and never half-applied.
/// Geometry work (grouping exclaves, unions, representative points) is done by PostGIS.
/// </summary>
public class ReferenceDataSeeder(ResourceMapDbContext db, ILogger<ReferenceDataSeeder> logger)
{
    public const string BoundariesFile = "boundaries/n03-2021-japan-s0010.geojson.gz";
    public const string RegionsFile = "regions.json";
    public const string TaxonomyFile = "taxonomy.json";
    public const string GazetteerFile = "gazetteer/towns-japan.csv.gz";
    public const string MappingProfilesFile = "mapping-profiles.json";

    /// <summary>N03 codes of the six Northern Territories villages (色丹村 … 蘂取村).</summary>
    private static readonly HashSet<string> NorthernTerritories = ["01695", "01696", "01697", "01698", "01699", "01700"];

    private static readonly JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async Task SeedAsync(string seedDirectory, CancellationToken ct = default)
    {
        await SeedIfChangedAsync("taxonomy", Path.Combine(seedDirectory, TaxonomyFile), LoadTaxonomyAsync, ct);
        var municipalitiesChanged = await SeedIfChangedAsync("municipalities", Path.Combine(seedDirectory, BoundariesFile), LoadMunicipalitiesAsync, ct);
        await SeedIfChangedAsync("regions", Path.Combine(seedDirectory, RegionsFile), LoadRegionsAsync, ct, force: municipalitiesChanged);
        await SeedIfChangedAsync("gazetteer", Path.Combine(seedDirectory, GazetteerFile), LoadGazetteerAsync, ct);
        await SeedIfChangedAsync("mapping_profiles", Path.Combine(seedDirectory, MappingProfilesFile), LoadMappingProfilesAsync, ct);
    }

    private async Task<bool> SeedIfChangedAsync(string dataset, string path, Func<string, CancellationToken, Task> load,
        CancellationToken ct, bool force = false)
    {
        var checksum = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(path, ct)));
        var previous = await db.SeedRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Dataset == dataset, ct);
        if (!force && previous?.Checksum == checksum)
        {
            logger.LogInformation("Seed data set {Dataset} is current ({Checksum})", dataset, checksum[..12]);
            return false;
        }
        var started = DateTime.UtcNow;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await load(path, ct);
        await db.SeedRuns.Where(r => r.Dataset == dataset).ExecuteDeleteAsync(ct);
        db.SeedRuns.Add(new SeedRun { Dataset = dataset, Checksum = checksum, LoadedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        logger.LogInformation("Loaded seed data set {Dataset} in {Seconds:F1} s", dataset, (DateTime.UtcNow - started).TotalSeconds);
        return true;
    }

    private async Task LoadTaxonomyAsync(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        var file = await JsonSerializer.DeserializeAsync<TaxonomyFileModel>(stream, SnakeCase, ct)
                   ?? throw new InvalidDataException($"{path} is empty");
        await db.TaxonomyTerms.ExecuteDeleteAsync(ct);
        await db.TaxonomyVocabularies.ExecuteDeleteAsync(ct);
        foreach (var vocabulary in file.Vocabularies)
        {
            db.TaxonomyVocabularies.Add(new TaxonomyVocabulary { Id = vocabulary.Id, LabelJa = vocabulary.LabelJa, LabelEn = vocabulary.LabelEn });
            var order = 0;
            foreach (var term in vocabulary.Terms)
            {
                db.TaxonomyTerms.Add(new TaxonomyTerm
                {
                    Vocabulary = vocabulary.Id, Code = term.Code, LabelJa = term.LabelJa, LabelEn = term.LabelEn,
                    Aliases = term.Aliases ?? [], SortOrder = order++,
                });
            }
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task LoadMunicipalitiesAsync(string path, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.ExecuteSqlRawAsync("""
            CREATE TEMP TABLE staging_n03 (code text, official_code text, prefecture text, bureau text, district text, name text, geojson text)
            ON COMMIT DROP
            """, ct);

        var features = 0;
        await using (var importer = await connection.BeginBinaryImportAsync(
                         "COPY staging_n03 (code, official_code, prefecture, bureau, district, name, geojson) FROM STDIN (FORMAT BINARY)", ct))
        {
            await using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            using var document = await JsonDocument.ParseAsync(gzip, cancellationToken: ct);
            foreach (var feature in document.RootElement.GetProperty("features").EnumerateArray())
            {
                var properties = feature.GetProperty("properties");
                var code = Text(properties, "N03_007");
                // The four 所属未定地 (unassigned land) features have no code and belong to no municipality.
                if (string.IsNullOrEmpty(code)) continue;
                await importer.StartRowAsync(ct);
                await importer.WriteAsync(code, NpgsqlDbType.Text, ct);
                await importer.WriteAsync(MunicipalityCode.Parse(code).Official, NpgsqlDbType.Text, ct);
                await importer.WriteAsync(Text(properties, "N03_001"), NpgsqlDbType.Text, ct);
                await WriteNullableAsync(importer, Text(properties, "N03_002"), ct);
                await WriteNullableAsync(importer, Text(properties, "N03_003"), ct);
                await importer.WriteAsync(Text(properties, "N03_004") ?? "", NpgsqlDbType.Text, ct);
                await importer.WriteAsync(feature.GetProperty("geometry").GetRawText(), NpgsqlDbType.Text, ct);
                features++;
            }
            await importer.CompleteAsync(ct);
        }

        // Exclaves and islands arrive as separate features: group them by code into one valid MultiPolygon.
        var upserted = await db.Database.ExecuteSqlRawAsync("""
            WITH grouped AS (
                SELECT code, min(official_code) AS official_code, min(prefecture) AS prefecture, min(bureau) AS bureau, min(district) AS district,
                       min(name) AS name,
                       ST_Multi(ST_CollectionExtract(ST_MakeValid(
                           ST_UnaryUnion(ST_Collect(ST_SetSRID(ST_GeomFromGeoJSON(geojson), 4326)))), 3)) AS boundary
                FROM staging_n03 GROUP BY code)
            INSERT INTO municipalities (code, official_code, prefecture_code, prefecture, bureau, district_or_city, name,
                                        is_unadministered, boundary, representative_point)
            SELECT code, official_code, left(code, 2), prefecture, nullif(bureau, ''),
                   nullif(district, ''), name, code = ANY(@unadministered), boundary, ST_PointOnSurface(boundary)
            FROM grouped
            ON CONFLICT (code) DO UPDATE SET official_code = excluded.official_code, prefecture = excluded.prefecture,
                prefecture_code = excluded.prefecture_code, bureau = excluded.bureau,
                district_or_city = excluded.district_or_city, name = excluded.name,
                is_unadministered = excluded.is_unadministered, boundary = excluded.boundary,
                representative_point = excluded.representative_point
            """, [new NpgsqlParameter("unadministered", NorthernTerritories.ToArray())], ct);
        logger.LogInformation("Loaded {Features} coded N03 features into {Municipalities} municipalities", features, upserted);
    }

    private async Task LoadRegionsAsync(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        var file = await JsonSerializer.DeserializeAsync<RegionsFileModel>(stream, SnakeCase, ct)
                   ?? throw new InvalidDataException($"{path} is empty");
        var ids = file.Regions.Select(r => r.Id).ToArray();
        await db.RegionMembers.Where(m => ids.Contains(m.RegionId)).ExecuteDeleteAsync(ct);
        await db.Regions.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(ct);
        foreach (var region in file.Regions)
        {
            if (!RegionKinds.All.Contains(region.Kind))
                throw new InvalidDataException($"Region {region.Id} has unknown kind '{region.Kind}'.");
            db.Regions.Add(new Region
            {
                Id = region.Id, NameJa = region.NameJa, NameEn = region.NameEn, Kind = region.Kind,
                Description = region.DescriptionJa, IsReferenceData = true, CreatedAt = DateTimeOffset.UtcNow,
                Members = region.MemberCodes.Distinct().Select(c => new RegionMember { RegionId = region.Id, MunicipalityCode = c }).ToList(),
            });
        }
        await db.SaveChangesAsync(ct);
        await RegionGeometry.RecomputeAsync(db, ids, ct);
    }

    /// <summary>277,676 towns through COPY, each with the normalised key the geocoder matches addresses against.</summary>
    private async Task LoadGazetteerAsync(string path, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.ExecuteSqlRawAsync("TRUNCATE gazetteer_towns", ct);
        int rows = 0, skipped = 0;
        await using (var importer = await connection.BeginBinaryImportAsync(
                         "COPY gazetteer_towns (municipality_code, prefecture, municipality, town, town_key, lat, lng) FROM STDIN (FORMAT BINARY)", ct))
        {
            await using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            using var csv = CsvHelper.CsvReader.Create(gzip, new CsvHelper.CsvReaderOptions { Separator = ',', HasHeader = true }, leaveOpen: true);
            await csv.ReadHeaderAsync(ct);
            var latColumn = csv.Headers.ToList().IndexOf("lat");
            var lngColumn = csv.Headers.ToList().IndexOf("lng");
            while (await csv.ReadAsync(ct))
            {
                var town = csv.GetString("town");
                // A few new towns have no point yet: nothing to geocode to, so they are left out.
                if (!csv.TryParse<double>(latColumn, out var lat) || !csv.TryParse<double>(lngColumn, out var lng))
                {
                    skipped++;
                    continue;
                }
                await importer.StartRowAsync(ct);
                await importer.WriteAsync(csv.GetString("municipality_code"), NpgsqlDbType.Char, ct);
                await importer.WriteAsync(csv.GetString("prefecture"), NpgsqlDbType.Text, ct);
                await importer.WriteAsync(csv.GetString("municipality"), NpgsqlDbType.Text, ct);
                await importer.WriteAsync(town, NpgsqlDbType.Text, ct);
                await importer.WriteAsync(Geocoding.AddressNormalizer.TownKey(town), NpgsqlDbType.Text, ct);
                await importer.WriteAsync(lat, NpgsqlDbType.Double, ct);
                await importer.WriteAsync(lng, NpgsqlDbType.Double, ct);
                rows++;
            }
            await importer.CompleteAsync(ct);
        }
        logger.LogInformation("Loaded {Rows} gazetteer towns ({Skipped} without coordinates left out)", rows, skipped);
    }

    /// <summary>Adds the shipped profiles that are missing; profiles already present may have been edited and are kept.</summary>
    private async Task LoadMappingProfilesAsync(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        var file = await JsonSerializer.DeserializeAsync<MappingProfilesFileModel>(stream, SnakeCase, ct)
                   ?? throw new InvalidDataException($"{path} is empty");
        var existing = await db.MappingProfiles.Select(p => p.Id).ToListAsync(ct);
        foreach (var profile in file.Profiles.Where(p => !existing.Contains(p.Id)))
        {
            db.MappingProfiles.Add(new Domain.Surveys.MappingProfile
            {
                Id = profile.Id, Name = profile.Name, Kind = profile.Kind, Columns = profile.Columns, Options = profile.Options ?? new(),
                CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            });
        }
        await db.SaveChangesAsync(ct);
    }

    private static string? Text(JsonElement properties, string name) =>
        properties.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken ct) =>
        value is null ? importer.WriteNullAsync(ct) : importer.WriteAsync(value, NpgsqlDbType.Text, ct);

    private sealed record TaxonomyFileModel(List<VocabularyModel> Vocabularies);
    private sealed record VocabularyModel(string Id, string LabelJa, string LabelEn, List<TermModel> Terms);
    private sealed record TermModel(string Code, string LabelJa, string LabelEn, List<string>? Aliases);
    private sealed record MappingProfilesFileModel(List<MappingProfileModel> Profiles);
    private sealed record MappingProfileModel(string Id, string Name, string Kind, Dictionary<string, List<string>> Columns, Domain.Surveys.MappingOptions? Options);
    private sealed record RegionsFileModel(List<RegionModel> Regions);
    private sealed record RegionModel(string Id, string NameJa, string NameEn, string Kind, string? DescriptionJa, List<string> MemberCodes);
}
