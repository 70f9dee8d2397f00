using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using ResourceMap.Domain.Geography;
using ResourceMap.Domain.Text;
using ResourceMap.Infrastructure.Surveys;

namespace ResourceMap.Infrastructure.Analytics;

/// <summary>Why one row of a population file was rejected: the column and the reason.</summary>
public sealed record PopulationRowError(string Field, string Reason);

public sealed record RejectedPopulationRow(int RowNumber, string MunicipalityCode, IReadOnlyList<PopulationRowError> Errors);

public sealed record PopulationImportOutcome(
    int Rows,
    int Created,
    int Updated,
    string Encoding,
    IReadOnlyList<RejectedPopulationRow> Rejected)
{
    public bool Stored => Rejected.Count == 0;
}

/// <summary>
/// Imports a population table (municipality_code, population, as_of, source) from CSV (UTF-8 or Shift_JIS) or XLSX.
/// Every row is checked before anything is written; one rejected row rejects the file and all rejections are
/// reported together, so an admin fixes the file once. Accepted files are upserted in one statement (one
/// transaction): a municipality already loaded gets the new figure, others keep theirs.
/// </summary>
public sealed class PopulationImport(NpgsqlDataSource dataSource)
{
    public static readonly string[] Columns = ["municipality_code", "population", "as_of", "source"];
    public const int MaxRows = 10_000;
    /// <summary>No single municipality (wards counted separately) comes near this; a bigger number is a typo.</summary>
    public const int MaxPopulation = 20_000_000;
    public const int MaxSourceLength = 500;

    public async Task<PopulationImportOutcome> ImportAsync(Stream file, string fileName, string? encoding, string importedBy,
        DateOnly today, CancellationToken ct)
    {
        using var reader = TabularReader.Open(file, fileName, encoding);
        var index = ColumnIndexes(reader.Headers);
        var parsed = new List<(int Row, string Code, string RawCode, int Population, DateOnly AsOf, string Source)>();
        var rejected = new List<RejectedPopulationRow>();
        var firstRowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        while (reader.Read())
        {
            if (parsed.Count + rejected.Count >= MaxRows)
                throw new TabularFileException(400, "file", $"The file has more than {MaxRows:N0} rows; Japan has fewer municipalities than that.");
            // Rows counted from the header, as this import has always reported them.
            var row = reader.RowNumber - reader.HeaderRow;
            string Cell(string column) => index[column] < reader.Current.Length ? JapaneseText.Clean(reader.Current[index[column]]) : "";
            var errors = new List<PopulationRowError>();
            // More filled cells than header columns is almost always an unquoted comma (e.g. in source): never guess.
            if (reader.Current.Skip(reader.Headers.Count).Any(c => c.Trim().Length > 0))
                errors.Add(new("columns", $"The row has more cells than the header's {reader.Headers.Count} columns; quote text that contains a comma."));
            var rawCode = Cell("municipality_code");
            string? code = null;
            if (MunicipalityCode.TryParse(rawCode, out var parsedCode, out var codeError))
            {
                code = parsedCode.Value;
                if (firstRowOf.TryGetValue(code, out var first))
                    errors.Add(new("municipality_code", $"{code} is already given in row {first}; give each municipality once."));
                else firstRowOf[code] = row;
            }
            else errors.Add(new("municipality_code", codeError!));
            var population = ParsePopulation(Cell("population"), errors);
            var asOf = ParseDate(Cell("as_of"), today, errors);
            var source = Cell("source");
            if (source.Length == 0) errors.Add(new("source", "source is required: say where the figure comes from (e.g. 住民基本台帳 2024-01-01)."));
            else if (source.Length > MaxSourceLength) errors.Add(new("source", $"source has {source.Length} characters; at most {MaxSourceLength}."));

            if (errors.Count > 0) rejected.Add(new RejectedPopulationRow(row, rawCode, errors));
            else parsed.Add((row, code!, rawCode, population!.Value, asOf!.Value, source));
        }
        var rows = parsed.Count + rejected.Count;
        if (rows == 0) throw new TabularFileException(400, "file", "The file has a header but no rows.");

        // Well-formed codes must also name a municipality we know (checked in one query for the whole file).
        var known = await KnownCodesAsync(parsed.Select(p => p.Code).ToArray(), ct);
        foreach (var row in parsed.Where(p => !known.Contains(p.Code)))
            rejected.Add(new RejectedPopulationRow(row.Row, row.RawCode,
                [new("municipality_code", $"No municipality has the code {row.Code}.")]));
        if (rejected.Count > 0)
            return new PopulationImportOutcome(rows, 0, 0, reader.EncodingName, rejected.OrderBy(r => r.RowNumber).ToList());

        await using var command = dataSource.CreateCommand("""
            INSERT INTO municipality_populations AS p (municipality_code, population, as_of, source, imported_at, imported_by)
            SELECT code, population, as_of, source, now(), @imported_by
            FROM unnest(@codes::text[], @populations::int[], @as_of::date[], @sources::text[]) AS r(code, population, as_of, source)
            ON CONFLICT (municipality_code) DO UPDATE
                SET population = excluded.population, as_of = excluded.as_of, source = excluded.source,
                    imported_at = excluded.imported_at, imported_by = excluded.imported_by
            RETURNING (xmax = 0) AS created
            """);
        command.Parameters.Add(new NpgsqlParameter("imported_by", importedBy));
        command.Parameters.Add(new NpgsqlParameter("codes", parsed.Select(p => p.Code).ToArray()));
        command.Parameters.Add(new NpgsqlParameter("populations", parsed.Select(p => p.Population).ToArray()));
        command.Parameters.Add(new NpgsqlParameter("as_of", NpgsqlDbType.Array | NpgsqlDbType.Date) { Value = parsed.Select(p => p.AsOf).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("sources", parsed.Select(p => p.Source).ToArray()));
        var created = 0;
        await using (var result = await command.ExecuteReaderAsync(ct))
        {
            while (await result.ReadAsync(ct)) if (result.GetBoolean(0)) created++;
        }
        return new PopulationImportOutcome(parsed.Count, created, parsed.Count - created, reader.EncodingName, []);
    }

    private static Dictionary<string, int> ColumnIndexes(IReadOnlyList<string> headers)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < headers.Count; i++)
        {
            var name = JapaneseText.Clean(headers[i]).ToLowerInvariant();
            if (!Columns.Contains(name)) continue; // other columns (a municipality name for the reader's eye) are ignored
            if (!index.TryAdd(name, i)) throw new TabularFileException(400, "file", $"The header names '{name}' twice.");
        }
        var missing = Columns.Where(c => !index.ContainsKey(c)).ToList();
        if (missing.Count > 0)
            throw new TabularFileException(400, "file",
                $"The header lacks {string.Join(", ", missing)}; the columns are {string.Join(",", Columns)}.");
        return index;
    }

    private static int? ParsePopulation(string text, List<PopulationRowError> errors)
    {
        if (text.Length == 0) { errors.Add(new("population", "population is required.")); return null; }
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            if (value < 0) { errors.Add(new("population", $"population must not be negative (got {text}).")); return null; }
            if (value > MaxPopulation) { errors.Add(new("population", $"population {value:N0} is more than {MaxPopulation:N0}; check the figure.")); return null; }
            return (int)value;
        }
        errors.Add(new("population", $"population must be a whole number of residents (digits only, no separators); got '{text}'."));
        return null;
    }

    private static DateOnly? ParseDate(string text, DateOnly today, List<PopulationRowError> errors)
    {
        if (text.Length == 0) { errors.Add(new("as_of", "as_of is required (the date the figure describes, e.g. 2024-01-01).")); return null; }
        // ISO dates, and the yyyy/MM/dd that Excel writes for a date cell.
        if (!DateOnly.TryParseExact(text, ["yyyy-MM-dd", "yyyy/M/d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors.Add(new("as_of", $"as_of must be a date as yyyy-MM-dd (e.g. 2024-01-01); got '{text}'."));
            return null;
        }
        if (date > today) { errors.Add(new("as_of", $"as_of {date:yyyy-MM-dd} is in the future.")); return null; }
        return date;
    }

    private async Task<HashSet<string>> KnownCodesAsync(string[] codes, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT code::text FROM municipalities WHERE code = ANY (@codes::character(5)[])");
        command.Parameters.Add(new NpgsqlParameter("codes", codes));
        var known = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) known.Add(reader.GetString(0));
        return known;
    }
}
