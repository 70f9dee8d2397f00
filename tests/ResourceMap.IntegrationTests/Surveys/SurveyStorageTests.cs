using Npgsql;
using ResourceMap.IntegrationTests.Infrastructure;
using static ResourceMap.IntegrationTests.Surveys.SurveySamples;

namespace ResourceMap.IntegrationTests.Surveys;

/// <summary>
/// An import's rows and a target's answers have no foreign key (decision 15): deleting an import, a target or a survey
/// still takes what hangs on it, and nothing of another survey.
/// </summary>
[Collection(ApiCollection.Name)]
public class SurveyStorageTests(ApiFixture api)
{
    [Fact]
    public async Task Deleting_an_import_a_target_or_a_survey_deletes_its_rows_and_answers_and_nothing_else()
    {
        var editor = api.Editor();
        var kept = await CreateSurveyAsync(editor);
        var deleted = await CreateSurveyAsync(editor);
        foreach (var survey in new[] { kept, deleted })
        {
            await ImportTargetsAsync(editor, survey);
            await (await ImportAnswersAsync(editor, survey, Read(AnswersCsv), AnswersCsv, "commit")).JsonAsync(200);
            await (await ImportAnswersAsync(editor, survey, Read(AnswersCsv), AnswersCsv)).JsonAsync(200);
        }
        var before = await CountsAsync(api, kept);
        Assert.Equal((19L, 19L, 1L, 0L), before);

        await using var db = await api.OpenDatabaseAsync();
        async Task<long> Scalar(string sql) => (long)(await new NpgsqlCommand(sql, db).ExecuteScalarAsync())!;
        async Task Execute(string sql) => await new NpgsqlCommand(sql, db).ExecuteNonQueryAsync();

        // The dry run's report goes with its import, and only its rows.
        var statisticsBefore = (await (await editor.GetAsync($"/api/surveys/{deleted}/statistics")).JsonAsync(200)).GetRawText();
        await Execute($"DELETE FROM survey_imports WHERE survey_id = '{deleted}' AND mode = 'dry_run'");
        Assert.Equal(19L, await Scalar($"SELECT count(*) FROM survey_answer_rows WHERE survey_id = '{deleted}'"));
        Assert.Equal(38L, await Scalar($"SELECT count(*) FROM survey_answer_rows WHERE survey_id = '{kept}'"));
        // The answers' data is that of the committed rows (decision 18): the statistics are what they were.
        var statistics = await (await editor.GetAsync($"/api/surveys/{deleted}/statistics")).JsonAsync(200);
        Assert.Equal(19, statistics.GetProperty("answers").GetInt32());
        Assert.True(statistics.GetProperty("active_against_isolation").GetInt32() > 0);
        Assert.Equal(statisticsBefore, statistics.GetRawText());

        // A target's answer goes with the target.
        var target = (Guid)(await new NpgsqlCommand($"SELECT target_id FROM survey_answers WHERE survey_id = '{deleted}' ORDER BY row_number LIMIT 1", db)
            .ExecuteScalarAsync())!;
        await Execute($"DELETE FROM survey_targets WHERE id = '{target}'");
        Assert.Equal(18L, await Scalar($"SELECT count(*) FROM survey_answers WHERE survey_id = '{deleted}'"));

        // A survey takes its imports, their rows, its targets and their answers.
        await Execute($"DELETE FROM surveys WHERE id = '{deleted}'");
        Assert.Equal(0L, await Scalar($"SELECT count(*) FROM survey_answer_rows WHERE survey_id = '{deleted}'"));
        Assert.Equal(0L, await Scalar($"SELECT count(*) FROM survey_answers WHERE survey_id = '{deleted}'"));
        Assert.Equal(before, await CountsAsync(api, kept));
        Assert.Equal(38L, await Scalar($"SELECT count(*) FROM survey_answer_rows WHERE survey_id = '{kept}'"));
    }
}
