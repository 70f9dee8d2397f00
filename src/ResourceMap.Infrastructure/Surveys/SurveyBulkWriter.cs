using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using ResourceMap.Domain.Surveys;
using ResourceMap.Infrastructure.Persistence;
using ResourceMap.Infrastructure.Persistence.Configurations;

namespace ResourceMap.Infrastructure.Surveys;

/// <summary>
/// Streams an import's rows into survey_answer_rows with one binary COPY, row by row as the file is read, so each
/// row is written once and nothing is buffered in the API: memory does not grow with the file. The report is served
/// from those rows page by page; a commit then applies them with set-based SQL in the import's transaction (new
/// answers, updated answers with their previous values in the history, targets marked answered). The JSON is the
/// same the EF converters write. The rows and the answers have no foreign keys: a check per row was about a third of
/// a commit's database work (decision 15). An answer does not copy its data: it points at the committed row that
/// answers for it (decision 18).
/// </summary>
public sealed class SurveyBulkWriter : IAsyncDisposable
{
    private readonly NpgsqlBinaryImporter _importer;
    private readonly Guid _importId;
    private readonly Guid _surveyId;

    private SurveyBulkWriter(NpgsqlBinaryImporter importer, Guid importId, Guid surveyId) =>
        (_importer, _importId, _surveyId) = (importer, importId, surveyId);

    public static async Task<SurveyBulkWriter> BeginAsync(ResourceMapDbContext db, Guid importId, Guid surveyId, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var importer = await connection.BeginBinaryImportAsync("""
            COPY survey_answer_rows (import_id, survey_id, row_number, raw_cells, match, match_detail, target_id, outcome, issues,
                                     data, data_hash, answer_id, municipality_code)
            FROM STDIN (FORMAT BINARY)
            """, ct);
        return new SurveyBulkWriter(importer, importId, surveyId);
    }

    /// <param name="row">The row as read (its raw cells are given as JSON).</param>
    /// <param name="rawCellsJson">The original cells as a JSON object (header → cell); {} for a dry run.</param>
    /// <param name="matchJson">How the row was matched, as the report shows it.</param>
    /// <param name="dataJson">The answer's data as JSON (snake_case, as the EF converter writes it).</param>
    public async Task WriteAsync(SurveyAnswerRow row, byte[] rawCellsJson, byte[] matchJson, byte[] dataJson, CancellationToken ct)
    {
        // The token is checked once per row: passed to every field, Npgsql would arm and disarm its cancellation for each.
        ct.ThrowIfCancellationRequested();
        var none = CancellationToken.None;
        await _importer.StartRowAsync(none);
        await _importer.WriteAsync(_importId, NpgsqlDbType.Uuid, none);
        await _importer.WriteAsync(_surveyId, NpgsqlDbType.Uuid, none);
        await _importer.WriteAsync(row.RowNumber, NpgsqlDbType.Integer, none);
        await _importer.WriteAsync(rawCellsJson, NpgsqlDbType.Json, none);
        await _importer.WriteAsync(row.Match, NpgsqlDbType.Text, none);
        await _importer.WriteAsync(matchJson, NpgsqlDbType.Json, none);
        await NullableAsync(row.TargetId, NpgsqlDbType.Uuid);
        await _importer.WriteAsync(row.Outcome, NpgsqlDbType.Text, none);
        await _importer.WriteAsync(row.Issues.Count == 0 ? "[]" : JsonColumn.Serialize(row.Issues), NpgsqlDbType.Json, none);
        await _importer.WriteAsync(dataJson, NpgsqlDbType.Json, none);
        await NullableAsync(row.DataHash, NpgsqlDbType.Text);
        await NullableAsync(row.AnswerId, NpgsqlDbType.Uuid);
        await NullableAsync(row.MunicipalityCode, NpgsqlDbType.Char);
    }

    /// <summary>
    /// Ends the COPY; marks the rows a later answer of the same organisation replaced (row number → the row replacing
    /// it); for a commit applies the rows. Returns how many answers were created.
    /// </summary>
    /// <param name="updates">How many rows update an answer: the statements for updates are skipped when none does.</param>
    /// <param name="creates">How many rows create an answer.</param>
    public async Task<int> ApplyAsync(ResourceMapDbContext db, DateTimeOffset now, bool commit, IReadOnlyDictionary<int, int> superseded,
        int updates, int creates, CancellationToken ct)
    {
        await _importer.CompleteAsync(ct);
        await _importer.DisposeAsync();
        object[] Parameters(params NpgsqlParameter[] more) =>
            [new NpgsqlParameter("survey", _surveyId), new NpgsqlParameter("import", _importId), new NpgsqlParameter("now", now), .. more];
        if (superseded.Count > 0)
        {
            await db.Database.ExecuteSqlRawAsync("""
                UPDATE survey_answer_rows r SET outcome = 'superseded', superseded_by = x.by, answer_id = NULL
                FROM unnest(@rows, @by) AS x(row_number, by) WHERE r.import_id = @import AND r.row_number = x.row_number
                """, Parameters(new NpgsqlParameter("rows", superseded.Keys.ToArray()), new NpgsqlParameter("by", superseded.Values.ToArray())), ct);
        }
        if (!commit) return 0;
        // Each statement reads all of the import's rows (about 2.4 KB each): one that has nothing to do is not run.
        if (updates > 0)
        {
            await db.Database.ExecuteSqlRawAsync("""
                -- A corrected re-export replaces answers in place: the answer points at its new row, and the values of
                -- the row it answered from before stay in the history.
                INSERT INTO survey_answer_changes (answer_id, import_id, previous_data, changed_at)
                SELECT a.id, @import, answered.data, @now
                FROM survey_answer_rows r JOIN survey_answers a ON a.id = r.answer_id
                JOIN survey_answer_rows answered ON answered.import_id = a.import_id AND answered.row_number = a.row_number
                WHERE r.import_id = @import AND r.outcome = 'update';

                UPDATE survey_answers a SET data_hash = r.data_hash, import_id = @import, row_number = r.row_number, updated_at = @now
                FROM survey_answer_rows r WHERE r.import_id = @import AND r.outcome = 'update' AND a.id = r.answer_id;
                """, Parameters(), ct);
        }
        if (creates == 0) return 0;
        // New answers, each in the statement that marks its target answered: the target is of the answer's survey and
        // stays locked until the commit, so no foreign key needs checking per answer (decision 15).
        return await db.Database.ExecuteSqlRawAsync("""
            WITH answered AS (
                UPDATE survey_targets t SET status = 'answered',
                    answered_at = CASE WHEN t.status = 'answered' THEN t.answered_at ELSE @now END,
                    status_changed_at = CASE WHEN t.status = 'answered' THEN t.status_changed_at ELSE @now END
                FROM survey_answer_rows r
                WHERE r.import_id = @import AND r.outcome = 'create' AND t.survey_id = @survey AND t.id = r.target_id
                RETURNING r.answer_id, r.target_id, r.municipality_code, r.data_hash, r.row_number)
            INSERT INTO survey_answers (id, survey_id, target_id, municipality_code, data_hash, import_id, row_number, created_at, updated_at)
            SELECT answer_id, @survey, target_id, municipality_code, data_hash, @import, row_number, @now, @now FROM answered
            """, Parameters(), ct);
    }

    private Task NullableAsync<T>(T? value, NpgsqlDbType type) =>
        value is null ? _importer.WriteNullAsync(CancellationToken.None) : _importer.WriteAsync(value, type, CancellationToken.None);

    public async ValueTask DisposeAsync() => await _importer.DisposeAsync();
}
