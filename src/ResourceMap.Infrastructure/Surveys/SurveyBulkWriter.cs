using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using ResourceMap.Domain.Surveys;
using ResourceMap.Infrastructure.Persistence;
using ResourceMap.Infrastructure.Persistence.Configurations;

namespace ResourceMap.Infrastructure.Surveys;

/// <summary>
/// Streams an import's rows into survey_answer_rows with binary COPY, row by row as the file is read, so each row is
/// written once and nothing is buffered in the API: memory does not grow with the file. The report is served from
/// those rows page by page. A commit applies them with set-based SQL in the import's transaction: new answers are
/// stored (and their targets marked answered) every few thousand rows while the file is still being read,
/// so PostgreSQL does that work on one core while the API reads on the other (decision 19); updated answers, with
/// their previous values in the history, are applied at the end. The JSON is the same the EF converters write. The
/// rows and the answers have no foreign keys: a check per row was about a third of a commit's database work
/// (decision 15). An answer does not copy its data: it points at the committed row that answers for it (decision 18).
/// </summary>
public sealed class SurveyBulkWriter : IAsyncDisposable
{
    private const string CopyCommand = """
        COPY survey_answer_rows (import_id, survey_id, row_number, raw_cells, match, match_detail, target_id, outcome, issues,
                                 data, data_hash, answer_id, municipality_code)
        FROM STDIN (FORMAT BINARY)
        """;

    private readonly ResourceMapDbContext _db;
    private readonly NpgsqlConnection _connection;
    private readonly Guid _importId;
    private readonly Guid _surveyId;
    private readonly DateTimeOffset _now;
    /// <summary>For a commit, how many rows are copied between two stores of new answers; null for a dry run.</summary>
    private readonly int? _storeEveryRows;
    private NpgsqlBinaryImporter? _importer;
    /// <summary>Superseded rows (row number → the row replacing it) not yet marked in the table.</summary>
    private readonly List<int> _supersededRows = [];
    private readonly List<int> _supersedingRows = [];
    /// <summary>The rows copied since new answers were last applied: their row numbers' range, and how many create one.</summary>
    private int _chunkRows, _chunkCreates, _chunkFirst, _chunkLast;

    private SurveyBulkWriter(ResourceMapDbContext db, Guid importId, Guid surveyId, DateTimeOffset now, int? storeEveryRows)
    {
        (_db, _importId, _surveyId, _now, _storeEveryRows) = (db, importId, surveyId, now, storeEveryRows);
        _connection = (NpgsqlConnection)db.Database.GetDbConnection();
    }

    /// <param name="storeEveryRows">For a commit, every how many rows the new answers are stored; null for a dry run, which only reports.</param>
    public static async Task<SurveyBulkWriter> BeginAsync(ResourceMapDbContext db, Guid importId, Guid surveyId, DateTimeOffset now,
        int? storeEveryRows, CancellationToken ct)
    {
        var writer = new SurveyBulkWriter(db, importId, surveyId, now, storeEveryRows);
        writer._importer = await writer._connection.BeginBinaryImportAsync(CopyCommand, ct);
        return writer;
    }

    /// <summary>Notes that a row is replaced by a later answer of the same organisation; given before the replacing row is written.</summary>
    public void Supersede(int rowNumber, int by)
    {
        _supersededRows.Add(rowNumber);
        _supersedingRows.Add(by);
    }

    /// <param name="row">The row as read and decided.</param>
    /// <param name="rawCellsJson">The original cells as a JSON object (header → cell); {} for a dry run.</param>
    /// <param name="matchJson">How the row was matched, as the report shows it.</param>
    /// <param name="dataJson">The answer's data as JSON (snake_case, as the EF converter writes it).</param>
    public async Task WriteAsync(SurveyAnswerRow row, byte[] rawCellsJson, byte[] matchJson, byte[] dataJson, CancellationToken ct)
    {
        // The token is checked once per row: passed to every field, Npgsql would arm and disarm its cancellation for each.
        ct.ThrowIfCancellationRequested();
        var importer = _importer!;
        var none = CancellationToken.None;
        await importer.StartRowAsync(none);
        await importer.WriteAsync(_importId, NpgsqlDbType.Uuid, none);
        await importer.WriteAsync(_surveyId, NpgsqlDbType.Uuid, none);
        await importer.WriteAsync(row.RowNumber, NpgsqlDbType.Integer, none);
        await importer.WriteAsync(rawCellsJson, NpgsqlDbType.Json, none);
        await importer.WriteAsync(row.Match, NpgsqlDbType.Text, none);
        await importer.WriteAsync(matchJson, NpgsqlDbType.Json, none);
        await NullableAsync(row.TargetId, NpgsqlDbType.Uuid);
        await importer.WriteAsync(row.Outcome, NpgsqlDbType.Text, none);
        await importer.WriteAsync(row.Issues.Count == 0 ? "[]" : JsonColumn.Serialize(row.Issues), NpgsqlDbType.Json, none);
        await importer.WriteAsync(dataJson, NpgsqlDbType.Json, none);
        await NullableAsync(row.DataHash, NpgsqlDbType.Text);
        await NullableAsync(row.AnswerId, NpgsqlDbType.Uuid);
        await NullableAsync(row.MunicipalityCode, NpgsqlDbType.Char);

        if (_chunkRows++ == 0) _chunkFirst = row.RowNumber;
        _chunkLast = row.RowNumber;
        if (row.Outcome == RowOutcomes.Create) _chunkCreates++;
        if (_chunkRows == _storeEveryRows)
        {
            await EndCopyAsync(ct);
            await StoreNewAnswersAsync(ct);
            _importer = await _connection.BeginBinaryImportAsync(CopyCommand, ct);
        }
    }

    /// <summary>
    /// Ends the COPY and marks the superseded rows; for a commit stores the last rows' new answers and applies the
    /// updated answers.
    /// </summary>
    /// <param name="apply">False when a commit turned out to change nothing (it is kept as a report only).</param>
    /// <param name="updates">How many rows update an answer: the statements for updates are skipped when none does.</param>
    public async Task CompleteAsync(bool apply, int updates, CancellationToken ct)
    {
        await EndCopyAsync(ct);
        if (!apply) return;
        await StoreNewAnswersAsync(ct);
        // Each statement reads all of the import's rows (about 2.4 KB each): one that has nothing to do is not run.
        if (updates == 0) return;
        await _db.Database.ExecuteSqlRawAsync("""
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

    /// <summary>Ends the current COPY (PostgreSQL has then taken in every row sent) and marks the rows superseded so far.</summary>
    private async Task EndCopyAsync(CancellationToken ct)
    {
        if (_importer is null) return;
        await _importer.CompleteAsync(ct);
        await _importer.DisposeAsync();
        _importer = null;
        if (_supersededRows.Count == 0) return;
        await _db.Database.ExecuteSqlRawAsync("""
            UPDATE survey_answer_rows r SET outcome = 'superseded', superseded_by = x.by, answer_id = NULL
            FROM unnest(@rows, @by) AS x(row_number, by) WHERE r.import_id = @import AND r.row_number = x.row_number
            """, Parameters(new NpgsqlParameter("rows", _supersededRows.ToArray()), new NpgsqlParameter("by", _supersedingRows.ToArray())), ct);
        _supersededRows.Clear();
        _supersedingRows.Clear();
    }

    /// <summary>
    /// Stores the new answers of the rows copied since the last time, each in the statement that marks its target
    /// answered: the target is of the answer's survey and stays locked until the commit, so no foreign key needs
    /// checking per answer (decision 15). A row that replaces an earlier new answer of the same file carries that
    /// answer's id: if the earlier one was already stored, the answer is pointed at the later row.
    /// </summary>
    private async Task StoreNewAnswersAsync(CancellationToken ct)
    {
        var (rows, creates, first, last) = (_chunkRows, _chunkCreates, _chunkFirst, _chunkLast);
        _chunkRows = _chunkCreates = 0;
        if (rows == 0 || creates == 0) return;
        await _db.Database.ExecuteSqlRawAsync("""
            WITH answered AS (
                UPDATE survey_targets t SET status = 'answered',
                    answered_at = CASE WHEN t.status = 'answered' THEN t.answered_at ELSE @now END,
                    status_changed_at = CASE WHEN t.status = 'answered' THEN t.status_changed_at ELSE @now END
                FROM survey_answer_rows r
                WHERE r.import_id = @import AND r.row_number BETWEEN @first AND @last AND r.outcome = 'create'
                    AND t.survey_id = @survey AND t.id = r.target_id
                RETURNING r.answer_id, r.target_id, r.municipality_code, r.data_hash, r.row_number)
            INSERT INTO survey_answers (id, survey_id, target_id, municipality_code, data_hash, import_id, row_number, created_at, updated_at)
            SELECT answer_id, @survey, target_id, municipality_code, data_hash, @import, row_number, @now, @now FROM answered
            ON CONFLICT (id) DO UPDATE SET data_hash = excluded.data_hash, row_number = excluded.row_number
            """, Parameters(new NpgsqlParameter("first", first), new NpgsqlParameter("last", last)), ct);
    }

    private object[] Parameters(params NpgsqlParameter[] more) =>
        [new NpgsqlParameter("survey", _surveyId), new NpgsqlParameter("import", _importId), new NpgsqlParameter("now", _now), .. more];

    private Task NullableAsync<T>(T? value, NpgsqlDbType type) =>
        value is null ? _importer!.WriteNullAsync(CancellationToken.None) : _importer!.WriteAsync(value, type, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        if (_importer is not null) await _importer.DisposeAsync();
    }
}
