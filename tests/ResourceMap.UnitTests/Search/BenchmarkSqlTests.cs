using System.Globalization;
using System.Text.RegularExpressions;
using NetTopologySuite.Geometries;
using Npgsql;
using ResourceMap.Infrastructure.Analytics;
using ResourceMap.Infrastructure.Search;

namespace ResourceMap.UnitTests.Search;

/// <summary>
/// The benchmark's product SQL (bench/search/sql/) is generated from the query objects the API sends, so it can never
/// drift from them again: this test renders each kind for the benchmark's query and compares it with the committed
/// file. After an intended change, regenerate with UPDATE_BENCH_SQL=1 (dotnet test or scripts/test.sh) and commit.
/// Values that vary per query point become pgbench variables (read from bench_points with \gset); the rest are written
/// as literals of the type Npgsql sends.
/// </summary>
public partial class BenchmarkSqlTests
{
    private const string PointHeader = "\\set i random(1, 100)\nSELECT lat, lng FROM bench_points WHERE i = :i \\gset\n";

    private static readonly SearchFilters Ibasho = new() { Category = "ibasho" };

    public static TheoryData<string> Kinds => new() { "nearby", "map", "region", "coverage", "tile", "tile-dense", "gaps" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_committed_benchmark_SQL_is_what_the_API_sends(string kind)
    {
        var generated = Generate(kind);
        var path = Path.Combine(RepositoryRoot(), "bench", "search", "sql", kind + ".sql");
        if (Environment.GetEnvironmentVariable("UPDATE_BENCH_SQL") == "1") File.WriteAllText(path, generated);
        Assert.True(File.Exists(path), $"{path} is missing; run UPDATE_BENCH_SQL=1 dotnet test");
        Assert.True(File.ReadAllText(path) == generated,
            $"bench/search/sql/{kind}.sql differs from what the API sends; run UPDATE_BENCH_SQL=1 dotnet test and commit it.");
    }

    [Fact]
    public void Pgbench_variables_and_literals_replace_every_parameter()
    {
        var rendered = new RenderedSql("SELECT @lat, @name, @flag, @codes, @limit, @lat_min",
            [new NpgsqlParameter("lat", 42.5), new NpgsqlParameter("name", "o'k"), new NpgsqlParameter("flag", true),
             new NpgsqlParameter("codes", new[] { "01230" }), new NpgsqlParameter("limit", 51), new NpgsqlParameter("lat_min", 1.25)]);
        Assert.Equal("SELECT :lat::float8, 'o''k', true, ARRAY['01230']::text[], 51, 1.25;\n",
            Pgbench(rendered, new Dictionary<string, string> { ["lat"] = "lat" }));
    }

    private static string Generate(string kind)
    {
        var point = new Dictionary<string, string> { ["lat"] = "lat", ["lng"] = "lng" };
        switch (kind)
        {
            case "nearby":
                return "-- Generated from NearbyQuery (BenchmarkSqlTests): radius 5 km, category ibasho, 50 results (+1 for the cursor).\n"
                    + PointHeader + Pgbench(new NearbyQuery(42, 141, 5_000, Ibasho, null, 50).Render(), point);
            case "map":
                {
                    // A zoom-12 viewport (0.44° × 0.30°) around the point: the page nearest the centre, then the total.
                    var box = new Envelope(140.78, 141.22, 41.85, 42.15);
                    var variables = new Dictionary<string, string>(point)
                    { ["min_lng"] = "min_lng", ["min_lat"] = "min_lat", ["max_lng"] = "max_lng", ["max_lat"] = "max_lat" };
                    return "-- Generated from MapViewQuery (BenchmarkSqlTests): a zoom-12 viewport, 200 results, with the total in the same statement.\n"
                        + "\\set i random(1, 100)\n"
                        + "SELECT lat, lng, lng - 0.22 AS min_lng, lat - 0.15 AS min_lat, lng + 0.22 AS max_lng, lat + 0.15 AS max_lat\n"
                        + "FROM bench_points WHERE i = :i \\gset\n"
                        + Pgbench(new MapViewQuery(box, new SearchFilters(), null, 200, WithTotal: true).Render(), variables);
                }
            case "region":
                return "-- Generated from WithinQuery (BenchmarkSqlTests): region=nishi-iburi&category=ibasho, 50 results with the total.\n"
                    + Pgbench(new WithinQuery(new SearchArea { RegionId = "nishi-iburi" }, Ibasho, null, 50, true).Render(), point);
            case "coverage":
                return "-- Generated from CoverageQuery (BenchmarkSqlTests): coverage at a point, 50 results (+1 for the cursor), the\n"
                    + "-- levels from the most local in one statement.\n"
                    + PointHeader + Pgbench(new CoverageQuery(42, 141, null, new SearchFilters(), null, 50).Render(), point);
            case "tile":
                return "-- Generated from ServiceTileQuery (BenchmarkSqlTests): a zoom-12 tile of all services, no filters.\n"
                    + "\\set i random(1, 100)\nSELECT tx, ty FROM bench_points WHERE i = :i \\gset\n"
                    + Pgbench(new ServiceTileQuery(12, 0, 0, new SearchFilters(), ResourceMap.Api.Tiles.TilesApi.MaxFeaturesPerTile).Render(),
                        new Dictionary<string, string> { ["x"] = "tx", ["y"] = "ty" });
            case "tile-dense":
                return "-- Generated from ServiceTileQuery (BenchmarkSqlTests): the 100 zoom-12 tiles with the most sites, uncached.\n"
                    + "\\set i random(1, 100)\nSELECT tx, ty FROM bench_dense_tiles WHERE i = :i \\gset\n"
                    + Pgbench(new ServiceTileQuery(12, 0, 0, new SearchFilters(), ResourceMap.Api.Tiles.TilesApi.MaxFeaturesPerTile).Render(),
                        new Dictionary<string, string> { ["x"] = "tx", ["y"] = "ty" });
            case "gaps":
                return "-- Generated from CoverageGapsQuery (BenchmarkSqlTests): all four categories, a public caller, over the four\n"
                    + "-- regions the API load rotates through (bench_gap_regions).\n"
                    + "\\set i random(1, 4)\nSELECT region FROM bench_gap_regions WHERE i = :i \\gset\n"
                    + Pgbench(new CoverageGapsQuery("nishi-iburi", ["ibasho", "consultation", "outreach", "other"], SearchViewer.Public).Render(),
                        new Dictionary<string, string> { ["region"] = "region" });
            default: throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    /// <summary>The statement for pgbench: each @parameter becomes a :variable (typed as Npgsql types it) or a literal.</summary>
    internal static string Pgbench(RenderedSql rendered, IReadOnlyDictionary<string, string> variables)
    {
        var byName = rendered.Parameters.ToDictionary(p => p.ParameterName);
        var sql = ParameterReference().Replace(rendered.Sql, match =>
        {
            var name = match.Groups[1].Value;
            if (!byName.TryGetValue(name, out var parameter)) throw new InvalidOperationException($"@{name} has no parameter");
            return variables.TryGetValue(name, out var variable) ? $":{variable}::{SqlType(parameter.Value)}" : Literal(parameter.Value);
        });
        return sql.TrimEnd() + ";\n";
    }

    private static string SqlType(object? value) => value switch
    {
        double => "float8",
        int => "int",
        string => "text",
        _ => throw new NotSupportedException(value?.GetType().Name),
    };

    private static string Literal(object? value) => value switch
    {
        null => "NULL",
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        string s => Quote(s),
        Guid g => Quote(g.ToString()) + "::uuid",
        string[] { Length: 0 } => "'{}'::text[]",
        string[] a => "ARRAY[" + string.Join(", ", a.Select(Quote)) + "]::text[]",
        _ => throw new NotSupportedException(value.GetType().Name),
    };

    private static string Quote(string s) => "'" + s.Replace("'", "''") + "'";

    [GeneratedRegex(@"@([a-z_]+)\b")]
    private static partial Regex ParameterReference();

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ResourceMap.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("ResourceMap.sln not found above the test binaries.");
    }
}
