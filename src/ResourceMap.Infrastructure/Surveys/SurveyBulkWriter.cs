using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using ResourceMap.Domain.Surveys;
using ResourceMap.Infrastructure.Persistence;
using ResourceMap.Infrastructure.Persistence.Configurations;

namespace ResourceMap.Infrastructure.Surveys;

/// <summary>
/// Streams an import into a temporary staging table with one binary COPY, row by row as the file is read, then
/// applies it with set-based SQL in the import's transaction: the report rows (dry run and commit), and for a commit
/// the archived rows, new answers, updated answers with their previous values in the history, targets marked answered.
/// Nothing is buffered in the API, so memory does not grow with the file. The JSON is the same the EF converters write.
/// </summary>
public sealed class SurveyBulkWriter : IAsyncDisposable
{
    private readonly NpgsqlBinaryImporter _importer;
    private int _seq;

    private SurveyBulkWriter(NpgsqlBinaryImporter importer) => _importer = importer;

    public static async Task<SurveyBulkWriter> BeginAsync(ResourceMapDbContext db, CancellationToken ct)
    {
        await db.Database.ExecuteSqlRawAsync("""
            CREATE TEMP TABLE survey_import_staging (
                seq int, row_number int, raw_cells jsonb, match text, target_id uuid, outcome text, issues jsonb,
                answer_id uuid, municipality_code char(5), data jsonb, data_hash text, report text) ON COMMIT DROP
            """, ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var importer = await connection.BeginBinaryImportAsync(
            "COPY survey_import_staging (seq, row_number, raw_cells, match, target_id, outcome, issues, answer_id, municipality_code, data, data_hash, report) FROM STDIN (FORMAT BINARY)", ct);
        return new SurveyBulkWriter(importer);
    }

    /// <param name="row">The archived row (a commit), or null (a dry run archives nothing).</param>
    /// <param name="answerId">The new answer's id (create) or the existing one's (update); null otherwise.</param>
    /// <param name="dataJson">The answer's data as JSON (snake_case, as the EF converter writes it), for create and update.</param>
    /// <param name="report">The row's report item as JSON.</param>
    public async Task WriteAsync(int rowNumber, SurveyAnswerRow? row, Guid? answerId, string? municipalityCode, string? dataJson, string? hash,
        string report, CancellationToken ct)
    {
        await _importer.StartRowAsync(ct);
        await _importer.WriteAsync(_seq++, NpgsqlDbType.Integer, ct);
        await _importer.WriteAsync(rowNumber, NpgsqlDbType.Integer, ct);
        await NullableAsync(row is null ? null : JsonColumn.Serialize(row.RawCells), NpgsqlDbType.Jsonb, ct);
        await NullableAsync(row?.Match, NpgsqlDbType.Text, ct);
        await NullableAsync(row?.TargetId, NpgsqlDbType.Uuid, ct);
        await NullableAsync(row?.Outcome, NpgsqlDbType.Text, ct);
        await NullableAsync(row is null ? null : JsonColumn.Serialize(row.Issues), NpgsqlDbType.Jsonb, ct);
        await NullableAsync(answerId, NpgsqlDbType.Uuid, ct);
        await NullableAsync(municipalityCode, NpgsqlDbType.Char, ct);
        await NullableAsync(dataJson, NpgsqlDbType.Jsonb, ct);
        await NullableAsync(hash, NpgsqlDbType.Text, ct);
        await _importer.WriteAsync(report, NpgsqlDbType.Text, ct);
    }

    /// <summary>
    /// Ends the COPY; marks the rows a later answer of the same organisation replaced (row number → the row replacing
    /// it); stores the report; for a commit applies the staged rows. Returns how many targets became answered.
    /// </summary>
    public async Task<int> ApplyAsync(ResourceMapDbContext db, Guid surveyId, Guid importId, DateTimeOffset now, bool commit,
        IReadOnlyDictionary<int, int> superseded, CancellationToken ct)
    {
        await _importer.CompleteAsync(ct);
        await _importer.DisposeAsync();
        if (superseded.Count > 0)
        {
            await db.Database.ExecuteSqlRawAsync("""
                UPDATE survey_import_staging s SET outcome = 'superseded', answer_id = NULL, data = NULL, data_hash = NULL,
                    report = (s.report::jsonb || jsonb_build_object('outcome', 'superseded', 'superseded_by', x.by))::text
                FROM unnest(@rows, @by) AS x(row_number, by) WHERE s.row_number = x.row_number
                """, [new NpgsqlParameter("rows", superseded.Keys.ToArray()), new NpgsqlParameter("by", superseded.Values.ToArray())], ct);
        }
        object[] parameters = [new NpgsqlParameter("survey", surveyId), new NpgsqlParameter("import", importId), new NpgsqlParameter("now", now)];
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO survey_import_report_rows (import_id, seq, row_number, item)
            SELECT @import, seq, row_number, report FROM survey_import_staging;
            """, parameters, ct);
        if (!commit) return 0;
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO survey_answer_rows (import_id, survey_id, row_number, raw_cells, match, target_id, outcome, issues)
            SELECT @import, @survey, row_number, raw_cells, match, target_id, outcome, issues FROM survey_import_staging ORDER BY row_number;

            -- A corrected re-export replaces answers in place; the previous values stay in the history.
            INSERT INTO survey_answer_changes (answer_id, import_id, previous_data, changed_at)
            SELECT a.id, @import, a.data, @now
            FROM survey_answers a JOIN survey_import_staging s ON s.answer_id = a.id AND s.outcome = 'update';

            UPDATE survey_answers a SET data = s.data, data_hash = s.data_hash, import_id = @import, row_number = s.row_number, updated_at = @now
            FROM survey_import_staging s WHERE s.outcome = 'update' AND a.id = s.answer_id;

            INSERT INTO survey_answers (id, survey_id, target_id, municipality_code, data, data_hash, import_id, row_number, created_at, updated_at)
            SELECT answer_id, @survey, target_id, municipality_code, data, data_hash, @import, row_number, @now, @now
            FROM survey_import_staging WHERE outcome = 'create';
            """, parameters, ct);
        return await db.Database.ExecuteSqlRawAsync("""
            UPDATE survey_targets t SET status = 'answered', answered_at = @now, status_changed_at = @now
            FROM survey_import_staging s
            WHERE s.outcome = 'create' AND s.target_id = t.id AND t.status <> 'answered'
            """, [new NpgsqlParameter("now", now)], ct);
    }

    private Task NullableAsync<T>(T? value, NpgsqlDbType type, CancellationToken ct) =>
        value is null ? _importer.WriteNullAsync(ct) : _importer.WriteAsync(value, type, ct);

    public async ValueTask DisposeAsync() => await _importer.DisposeAsync();
}
