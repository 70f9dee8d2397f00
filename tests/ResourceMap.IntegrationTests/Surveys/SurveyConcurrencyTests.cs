using System.Net;
using System.Text.Json;
using Npgsql;
using ResourceMap.IntegrationTests.Infrastructure;
using static ResourceMap.IntegrationTests.Surveys.SurveySamples;

namespace ResourceMap.IntegrationTests.Surveys;

/// <summary>
/// Commits and target imports of one survey are idempotent under concurrency: the same file sent several times at
/// once is imported once (the others answer unchanged or 409, never 500), a corrected file is applied once with its
/// history, and a file committed again after match resolutions stores what the resolutions settle.
/// </summary>
[Collection(ApiCollection.Name)]
public class SurveyConcurrencyTests(ApiFixture api)
{
    [Fact]
    public async Task Five_concurrent_commits_of_one_file_import_it_once_and_of_a_corrected_file_apply_it_once()
    {
        var editor = api.Editor();
        var survey = await CreateSurveyAsync(editor);
        await ImportTargetsAsync(editor, survey);
        var original = Read(AnswersCsv);

        var first = await CommitConcurrentlyAsync(survey, original, AnswersCsv);
        Assert.Equal(1, first.Count(r => r.GetProperty("created").GetInt32() == 19));
        Assert.Equal(4, first.Count(r => r.GetProperty("unchanged").GetInt32() == 19 && r.GetProperty("import_id").ValueKind == JsonValueKind.Null));
        Assert.Equal((19L, 19L, 1L, 0L), await CountsAsync(api, survey));

        // A later, corrected export from the same organisations: one answer changes its activity type.
        var lines = ShiftJis.GetString(original).Split("\r\n").ToList();
        lines[2] = lines[2].Replace(",居場所づくり,", ",相談窓口の開設,");
        var corrected = ShiftJis.GetBytes(string.Join("\r\n", lines));
        var second = await CommitConcurrentlyAsync(survey, corrected, "answers-corrected.csv");
        Assert.Equal(1, second.Count(r => r.GetProperty("updated").GetInt32() == 1));
        Assert.Equal(4, second.Count(r => r.GetProperty("updated").GetInt32() == 0 && r.GetProperty("unchanged").GetInt32() == 19));
        // The stored answer is replaced once; its previous values are kept once.
        Assert.Equal((19L, 38L, 2L, 1L), await CountsAsync(api, survey));
        await using var db = await api.OpenDatabaseAsync();
        var previous = (string)(await new NpgsqlCommand($"""
            SELECT c.previous_data::text FROM survey_answer_changes c JOIN survey_answers a ON a.id = c.answer_id WHERE a.survey_id = '{survey}'
            """, db).ExecuteScalarAsync())!;
        Assert.Contains("ibasho", previous);
    }

    [Fact]
    public async Task Concurrent_imports_of_one_target_list_add_each_target_once_and_never_fail_with_500()
    {
        var editor = api.Editor();
        var survey = await CreateSurveyAsync(editor);
        var list = Read(TargetsFile);
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            api.Editor().PostAsync($"/api/surveys/{survey}/targets/import", Form(list, TargetsFile))));
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)r.StatusCode}"));
        var bodies = await Task.WhenAll(responses.Where(r => r.StatusCode == HttpStatusCode.OK).Select(r => r.JsonAsync(200)));
        Assert.Equal(87, bodies.Sum(b => b.GetProperty("added").GetInt32()));
        var targets = await (await editor.GetAsync($"/api/surveys/{survey}/targets")).JsonAsync(200);
        Assert.Equal(87, targets.GetArrayLength());
    }

    [Fact]
    public async Task Committing_a_file_again_after_a_match_resolution_stores_the_resolved_row()
    {
        var editor = api.Editor();
        var survey = await CreateSurveyAsync(editor);
        await ImportTargetsAsync(editor, survey);
        var lines = ShiftJis.GetString(Read(AnswersCsv)).Split("\r\n").ToList();
        // Row 4 has no 法人番号; renamed, nothing matches it.
        lines[4] = lines[4].Replace("のぼりべつ地域福祉ネットワーク", "登別ちいきふくしネット");
        var renamed = ShiftJis.GetBytes(string.Join("\r\n", lines));
        var first = await (await ImportAnswersAsync(editor, survey, renamed, "renamed.csv", "commit")).JsonAsync(200);
        Assert.Equal(18, first.GetProperty("created").GetInt32());
        Assert.Equal(1, first.GetProperty("rejected").GetInt32());
        Assert.Equal(18L, (await CountsAsync(api, survey)).Answers);

        var matchKey = first.GetProperty("items")[3].GetProperty("match").GetProperty("match_key").GetString();
        var target = (await (await editor.GetAsync($"/api/surveys/{survey}/targets")).JsonAsync(200)).EnumerateArray()
            .Single(t => t.GetProperty("name").GetString() == "特定非営利活動法人のぼりべつ地域福祉ネットワーク");
        await (await editor.SendJsonAsync(HttpMethod.Post, $"/api/surveys/{survey}/match-resolutions",
            new { match_key = matchKey, target_id = target.GetProperty("id").GetGuid() })).JsonAsync(204);

        var again = await (await ImportAnswersAsync(editor, survey, renamed, "renamed.csv", "commit")).JsonAsync(200);
        Assert.Equal(1, again.GetProperty("created").GetInt32());
        Assert.Equal(18, again.GetProperty("unchanged").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, again.GetProperty("import_id").ValueKind);
        var counts = await CountsAsync(api, survey);
        Assert.Equal(19L, counts.Answers);
        Assert.Equal(2L, counts.Imports);
        var targets = await (await editor.GetAsync($"/api/surveys/{survey}/targets?status=answered")).JsonAsync(200);
        Assert.Contains(targets.EnumerateArray(), t => t.GetProperty("id").GetGuid() == target.GetProperty("id").GetGuid());

        // And once stored, the same file again changes nothing and writes nothing.
        var third = await (await ImportAnswersAsync(editor, survey, renamed, "renamed.csv", "commit")).JsonAsync(200);
        Assert.Equal(0, third.GetProperty("created").GetInt32());
        Assert.Equal(JsonValueKind.Null, third.GetProperty("import_id").ValueKind);
        Assert.Equal(2L, (await CountsAsync(api, survey)).Imports);
    }

    [Fact]
    public async Task Concurrent_publishes_create_each_service_once()
    {
        var editor = api.Editor();
        var survey = await CreateSurveyAsync(editor);
        await ImportTargetsAsync(editor, survey);
        await (await ImportAnswersAsync(editor, survey, Read(AnswersCsv), AnswersCsv, "commit")).JsonAsync(200);
        await (await editor.SendJsonAsync(HttpMethod.Post, $"/api/surveys/{survey}/status", new { status = "closed" })).JsonAsync(200);
        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => api.Editor().PostAsync($"/api/surveys/{survey}/publish", null)));
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)r.StatusCode}"));
        await using var db = await api.OpenDatabaseAsync();
        var services = (long)(await new NpgsqlCommand($"SELECT count(*) FROM services WHERE source = 'survey:{survey}'", db).ExecuteScalarAsync())!;
        var links = (long)(await new NpgsqlCommand($"SELECT count(*) FROM survey_published_services WHERE survey_id = '{survey}'", db).ExecuteScalarAsync())!;
        Assert.Equal(links, services);
        Assert.True(services >= 19, $"{services} services");
    }

    private async Task<List<JsonElement>> CommitConcurrentlyAsync(Guid survey, byte[] file, string name)
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => ImportAnswersAsync(api.Editor(), survey, file, name, "commit")));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        return (await Task.WhenAll(responses.Select(r => r.JsonAsync(200)))).ToList();
    }
}
