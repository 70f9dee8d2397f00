using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;
using ResourceMap.IntegrationTests.Infrastructure;

namespace ResourceMap.IntegrationTests.Surveys;

/// <summary>The sample survey files of seed-data/surveys and the calls every survey test makes.</summary>
public static class SurveySamples
{
    public const string TargetsFile = "npo-open-data-2024.csv";
    public const string AnswersCsv = "answers-2024.sjis.csv";
    public const string AnswersXlsx = "answers-2024.xlsx";

    static SurveySamples() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding ShiftJis => Encoding.GetEncoding(932);

    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(SeedDirectory(), "surveys", name));

    public static string SeedDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("RESOURCEMAP_SEED_DIR");
        if (configured is not null) return configured;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "seed-data", "surveys"))) return Path.Combine(dir.FullName, "seed-data");
        throw new DirectoryNotFoundException("seed-data not found");
    }

    public static MultipartFormDataContent Form(byte[] bytes, string fileName, string contentType = "text/csv")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    public static async Task<Guid> CreateSurveyAsync(HttpClient editor, string status = "fielding")
    {
        var created = await (await editor.SendJsonAsync(HttpMethod.Post, "/api/surveys", new Dictionary<string, object?>
        {
            ["title"] = $"広域リソース調査 {Guid.NewGuid():N}",
            ["issuing_municipality_code"] = "01230",
            ["region_id"] = "noboribetsu-survey-2024",
            ["municipality_codes"] = null,
            ["period_start"] = "2024-02-05",
            ["period_end"] = "2024-02-25",
            ["mapping_profile_id"] = null,
        })).JsonAsync(201);
        var id = created.GetProperty("id").GetGuid();
        if (status is "fielding" or "closed")
            await (await editor.SendJsonAsync(HttpMethod.Post, $"/api/surveys/{id}/status", new { status = "fielding" })).JsonAsync(200);
        if (status == "closed")
            await (await editor.SendJsonAsync(HttpMethod.Post, $"/api/surveys/{id}/status", new { status = "closed" })).JsonAsync(200);
        return id;
    }

    public static async Task<JsonElement> ImportTargetsAsync(HttpClient editor, Guid survey) =>
        await (await editor.PostAsync($"/api/surveys/{survey}/targets/import", Form(Read(TargetsFile), TargetsFile))).JsonAsync(200);

    public static Task<HttpResponseMessage> ImportAnswersAsync(HttpClient editor, Guid survey, byte[] bytes, string fileName,
        string mode = "dry_run", string query = "") =>
        editor.PostAsync($"/api/surveys/{survey}/answers/import?mode={mode}{query}",
            Form(bytes, fileName, fileName.EndsWith(".xlsx", StringComparison.Ordinal) ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv"));

    public static int Count(JsonElement counts, string code) =>
        counts.EnumerateArray().Where(c => c.GetProperty("code").GetString() == code).Select(c => c.GetProperty("count").GetInt32()).SingleOrDefault();

    /// <summary>What a survey holds: stored answers, archived rows of committed imports, committed imports, answer history.</summary>
    public static async Task<(long Answers, long Rows, long Imports, long Changes)> CountsAsync(ApiFixture api, Guid survey)
    {
        await using var db = await api.OpenDatabaseAsync();
        async Task<long> Scalar(string sql) => (long)(await new NpgsqlCommand(sql, db).ExecuteScalarAsync())!;
        return (await Scalar($"SELECT count(*) FROM survey_answers WHERE survey_id = '{survey}'"),
            await Scalar($"SELECT count(*) FROM survey_answer_rows r JOIN survey_imports i ON i.id = r.import_id WHERE r.survey_id = '{survey}' AND i.mode = 'committed'"),
            await Scalar($"SELECT count(*) FROM survey_imports WHERE survey_id = '{survey}' AND kind = 'answers' AND mode = 'committed'"),
            await Scalar($"SELECT count(*) FROM survey_answer_changes c JOIN survey_answers a ON a.id = c.answer_id WHERE a.survey_id = '{survey}'"));
    }
}
