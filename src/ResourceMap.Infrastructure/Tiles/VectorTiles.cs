using Npgsql;
using ResourceMap.Infrastructure.Search;

namespace ResourceMap.Infrastructure.Tiles;

/// <summary>
/// Mapbox vector tiles rendered by PostGIS (ST_AsMVT), in Web Mercator tile coordinates: the SQL comes from
/// <see cref="ServiceTileQuery"/> and <see cref="MunicipalityTileQuery"/> (clusters below zoom 14, MVT ids, boundaries
/// simplified per zoom).
/// </summary>
public sealed class VectorTiles(NpgsqlDataSource dataSource)
{
    /// <summary>A Mapbox vector tile of service sites (layer "services"), honouring the search filters.</summary>
    public Task<byte[]> ServiceTileAsync(int z, int x, int y, SearchFilters filters, int maxFeatures, CancellationToken ct) =>
        ReadTileAsync(new ServiceTileQuery(z, x, y, filters, maxFeatures).Render(), ct);

    /// <summary>A vector tile of municipal boundaries (layer "municipalities": code, name, prefecture).</summary>
    public Task<byte[]> MunicipalityTileAsync(int z, int x, int y, CancellationToken ct) =>
        ReadTileAsync(new MunicipalityTileQuery(z, x, y).Render(), ct);

    private async Task<byte[]> ReadTileAsync(RenderedSql rendered, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(rendered.Sql);
        command.Parameters.AddRange(rendered.Parameters.ToArray());
        var result = await command.ExecuteScalarAsync(ct);
        return result as byte[] ?? [];
    }
}
