using Npgsql;

namespace ResourceMap.Infrastructure.Geography;

/// <summary>A municipality next to another one, with the length of their common boundary on the stored shapes.</summary>
public sealed record Neighbour(string Code, string OfficialCode, string Name, string? DistrictOrCity, string Prefecture,
    double SharedBorderMetres);

/// <summary>Neighbouring municipalities, computed by PostGIS on the stored (simplified) boundaries.</summary>
public sealed class MunicipalityNeighbours(NpgsqlDataSource dataSource)
{
    /// <summary>How close two simplified boundaries must come to count as neighbours.</summary>
    public const double ToleranceMetres = 50;

    public async Task<IReadOnlyList<Neighbour>> OfAsync(string code, CancellationToken ct)
    {
        // The bounding-box test (0.001° ≥ 78 m at Japan's latitudes) lets the GiST index pick the candidates;
        // the geography distance then applies the tolerance in metres.
        await using var command = dataSource.CreateCommand("""
            SELECT n.code::text, n.official_code::text, n.name, n.district_or_city, n.prefecture,
                   ST_Length(ST_Intersection(ST_Boundary(m.boundary), ST_Boundary(n.boundary))::geography)
            FROM municipalities m
            JOIN municipalities n ON n.code <> m.code
                AND n.boundary && ST_Expand(m.boundary, 0.001)
                AND ST_DWithin(m.boundary::geography, n.boundary::geography, @tolerance)
            WHERE m.code = @code
            ORDER BY n.code
            """);
        command.Parameters.AddWithValue("code", code);
        command.Parameters.AddWithValue("tolerance", ToleranceMetres);
        var items = new List<Neighbour>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            items.Add(new Neighbour(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4), reader.GetDouble(5)));
        }
        return items;
    }
}
