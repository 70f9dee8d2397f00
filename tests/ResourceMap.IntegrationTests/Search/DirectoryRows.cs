using Npgsql;

namespace ResourceMap.IntegrationTests.Search;

/// <summary>
/// Directory rows written straight in SQL in 登別 (01230), for tests that follow the read model through writes the API
/// would make one by one: an organisation, its sites and its services (named "{name} 0", "{name} 1" …, every second
/// one anonymous).
/// </summary>
public static class DirectoryRows
{
    public static async Task ExecuteAsync(this NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static Task InsertAsync(NpgsqlConnection connection, Guid organization, string name, string category,
        IReadOnlyList<(Guid Id, double Lng, double Lat)> sites, IReadOnlyList<Guid> services) =>
        connection.ExecuteAsync($"""
            INSERT INTO organizations (id, name, legal_form, owner_municipality_code, phones, platform_member, source, search_text,
                                       created_at, updated_at, last_verified_at)
            VALUES ('{organization}', '{name}の会', 'npo', '01230', '[]', false, 'test', '{name}の会', now(), now(), now());
            INSERT INTO locations (id, address, municipality_code, point, precision, created_at, updated_at, last_verified_at)
            SELECT id, '検証住所', '01230', ST_SetSRID(ST_MakePoint(lng, lat), 4326)::geography, 'exact', now(), now(), now()
            FROM (VALUES {string.Join(", ", sites.Select(s => FormattableString.Invariant($"('{s.Id}'::uuid, {s.Lng}, {s.Lat})")))}) AS p(id, lng, lat);
            INSERT INTO services (id, organization_id, name, category, target_groups, problem_keywords, channels, anonymous_ok, hours,
                                  languages, commissioned_by_municipality, accepts_other_municipalities, owner_municipality_code,
                                  source, search_text, created_at, updated_at, last_verified_at)
            SELECT id, '{organization}', '{name} ' || n, '{category}', ARRAY['anyone'], ARRAY['loneliness'], ARRAY['in_person'], n % 2 = 0, '[]',
                   ARRAY['ja'], false, true, '01230', 'test', '{name} ' || n, now(), now(), now()
            FROM (VALUES {string.Join(", ", services.Select((id, i) => $"('{id}'::uuid, {i})"))}) AS s(id, n);
            """);
}
