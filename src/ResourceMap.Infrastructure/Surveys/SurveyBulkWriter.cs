using Npgsql;
using NpgsqlTypes;
using ResourceMap.Domain.Surveys;
using ResourceMap.Infrastructure.Persistence.Configurations;

namespace ResourceMap.Infrastructure.Surveys;

/// <summary>
/// Writes archived answer rows and new answers with binary COPY on the import's own connection and transaction:
/// a 100,000-row file is too slow through EF's change tracker. The JSON is the same the EF converters write.
/// </summary>
public static class SurveyBulkWriter
{
    public static async Task WriteRowsAsync(NpgsqlConnection connection, IReadOnlyList<SurveyAnswerRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        await using var importer = await connection.BeginBinaryImportAsync(
            "COPY survey_answer_rows (import_id, survey_id, row_number, raw_cells, match, target_id, outcome, issues) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(ct);
            await importer.WriteAsync(row.ImportId, NpgsqlDbType.Uuid, ct);
            await importer.WriteAsync(row.SurveyId, NpgsqlDbType.Uuid, ct);
            await importer.WriteAsync(row.RowNumber, NpgsqlDbType.Integer, ct);
            await importer.WriteAsync(JsonColumn.Serialize(row.RawCells), NpgsqlDbType.Jsonb, ct);
            await importer.WriteAsync(row.Match, NpgsqlDbType.Text, ct);
            if (row.TargetId is null) await importer.WriteNullAsync(ct);
            else await importer.WriteAsync(row.TargetId.Value, NpgsqlDbType.Uuid, ct);
            await importer.WriteAsync(row.Outcome, NpgsqlDbType.Text, ct);
            await importer.WriteAsync(JsonColumn.Serialize(row.Issues), NpgsqlDbType.Jsonb, ct);
        }
        await importer.CompleteAsync(ct);
    }

    public static async Task WriteAnswersAsync(NpgsqlConnection connection, IReadOnlyList<SurveyAnswer> answers, CancellationToken ct)
    {
        if (answers.Count == 0) return;
        await using var importer = await connection.BeginBinaryImportAsync(
            "COPY survey_answers (id, survey_id, target_id, municipality_code, data, data_hash, import_id, row_number, created_at, updated_at) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var answer in answers)
        {
            await importer.StartRowAsync(ct);
            await importer.WriteAsync(answer.Id, NpgsqlDbType.Uuid, ct);
            await importer.WriteAsync(answer.SurveyId, NpgsqlDbType.Uuid, ct);
            await importer.WriteAsync(answer.TargetId, NpgsqlDbType.Uuid, ct);
            await importer.WriteAsync(answer.MunicipalityCode, NpgsqlDbType.Char, ct);
            await importer.WriteAsync(JsonColumn.Serialize(answer.Data), NpgsqlDbType.Jsonb, ct);
            await importer.WriteAsync(answer.DataHash, NpgsqlDbType.Text, ct);
            await importer.WriteAsync(answer.ImportId, NpgsqlDbType.Uuid, ct);
            await importer.WriteAsync(answer.RowNumber, NpgsqlDbType.Integer, ct);
            await importer.WriteAsync(answer.CreatedAt, NpgsqlDbType.TimestampTz, ct);
            await importer.WriteAsync(answer.UpdatedAt, NpgsqlDbType.TimestampTz, ct);
        }
        await importer.CompleteAsync(ct);
    }
}
