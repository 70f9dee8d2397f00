using System.Net;
using System.Text;
using System.Text.Json;
using Npgsql;
using ResourceMap.IntegrationTests.Infrastructure;
using static ResourceMap.IntegrationTests.Surveys.SurveySamples;

namespace ResourceMap.IntegrationTests.Surveys;

[Collection(ApiCollection.Name)]
public class SurveyFlowTests(ApiFixture api)
{
    [Fact]
    public async Task The_2024_survey_runs_from_open_data_to_the_directory()
    {
        var editor = api.Editor();
        var survey = await CreateSurveyAsync(editor, status: "draft");
        var created = await (await api.Anonymous().GetAsync($"/api/surveys/{survey}")).JsonAsync(200);
        Assert.Equal("draft", created.GetProperty("status").GetString());
        Assert.Equal(7, created.GetProperty("municipality_codes").GetArrayLength());

        // Targets from the open-data list: 87 NPOs, each geocoded inside the survey area.
        var targets = await ImportTargetsAsync(editor, survey);
        Assert.Equal(87, targets.GetProperty("rows").GetInt32());
        Assert.Equal(87, targets.GetProperty("added").GetInt32());
        Assert.Equal(0, targets.GetProperty("rejected").GetInt32());
        var again = await ImportTargetsAsync(editor, survey);
        Assert.Equal(0, again.GetProperty("added").GetInt32());
        Assert.Equal(87, again.GetProperty("already_present").GetInt32());
        var targetList = await (await editor.GetAsync($"/api/surveys/{survey}/targets")).JsonAsync(200);
        Assert.Equal(87, targetList.GetArrayLength());
        Assert.All(targetList.EnumerateArray(), t => Assert.Equal("town", t.GetProperty("precision").GetString()));
        Assert.Equal(20, targetList.EnumerateArray().Count(t => t.GetProperty("municipality_code").GetString() == "01230"));
        await AssertRepresentativesAreNotStoredAsync(survey, targetList.GetRawText());

        // Committing answers needs the survey in the field.
        await (await ImportAnswersAsync(editor, survey, Read(AnswersCsv), AnswersCsv, "commit")).ProblemAsync(409, "urn:resourcemap:problem:conflict");
        await (await editor.SendJsonAsync(HttpMethod.Post, $"/api/surveys/{survey}/status", new { status = "fielding" })).JsonAsync(200);

        // Dry run of the Shift_JIS export: everything would be created, nothing is written.
        var dry = await (await ImportAnswersAsync(editor, survey, Read(AnswersCsv), AnswersCsv)).JsonAsync(200);
        Assert.Equal("shift_jis", dry.GetProperty("encoding").GetString());
        Assert.Equal("csv", dry.GetProperty("format").GetString());
        Assert.Equal(19, dry.GetProperty("rows").GetInt32());
        Assert.Equal(19, dry.GetProperty("created").GetInt32());
        Assert.Equal(0, dry.GetProperty("rejected").GetInt32());
        Assert.Equal(JsonValueKind.Null, dry.GetProperty("import_id").ValueKind);
        var items = dry.GetProperty("items").EnumerateArray().ToList();
        var unknown = items.SelectMany(i => i.GetProperty("issues").EnumerateArray()).Where(i => i.GetProperty("reason_en").GetString()!.Contains("フードロス")).ToList();
        Assert.Single(unknown);
        Assert.Equal("problem_keywords", unknown[0].GetProperty("field").GetString());
        Assert.False(unknown[0].GetProperty("blocking").GetBoolean());
        Assert.Contains("フードロス", unknown[0].GetProperty("reason_ja").GetString());
        Assert.Equal("name_and_legal_form", items[3].GetProperty("match").GetProperty("by").GetString());
        Assert.All(items.Where((_, i) => i != 3), i => Assert.Equal("corporate_number", i.GetProperty("match").GetProperty("by").GetString()));
        var untouched = await (await api.Anonymous().GetAsync($"/api/surveys/{survey}")).JsonAsync(200);
        Assert.Equal(0, untouched.GetProperty("progress").GetProperty("response_rate").GetProperty("answered").GetInt32());

        var preview = await ImportAnswersAsync(editor, survey, Read(AnswersCsv), AnswersCsv, query: "&format=csv");
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal("text/csv", preview.Content.Headers.ContentType?.MediaType);
        var previewBytes = await preview.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, previewBytes[..3]);
        var previewText = Encoding.UTF8.GetString(previewBytes);
        Assert.StartsWith("row_number,organization_name,match", previewText.TrimStart('\uFEFF'));
        Assert.Contains("フードロス", previewText);

        // Commit: 19 answers, 19 / 87 = 21.8 %, 5 from Noboribetsu.
        var commit = await (await ImportAnswersAsync(editor, survey, Read(AnswersCsv), AnswersCsv, "commit")).JsonAsync(200);
        Assert.Equal(19, commit.GetProperty("created").GetInt32());
        var importId = commit.GetProperty("import_id").GetGuid();
        var progress = (await (await api.Anonymous().GetAsync($"/api/surveys/{survey}")).JsonAsync(200)).GetProperty("progress");
        Assert.Equal(19, progress.GetProperty("targets_by_status").GetProperty("answered").GetInt32());
        Assert.Equal(68, progress.GetProperty("targets_by_status").GetProperty("pending").GetInt32());
        Assert.Equal(19, progress.GetProperty("response_rate").GetProperty("answered").GetInt32());
        Assert.Equal(87, progress.GetProperty("response_rate").GetProperty("targets").GetInt32());
        Assert.Equal(21.8, progress.GetProperty("response_rate").GetProperty("percent").GetDouble());
        Assert.Equal(5, progress.GetProperty("answers_by_municipality").GetProperty("01230").GetInt32());

        // The XLSX export of the same answers reads identically: all unchanged.
        var xlsx = await (await ImportAnswersAsync(editor, survey, Read(AnswersXlsx), AnswersXlsx)).JsonAsync(200);
        Assert.Equal("xlsx", xlsx.GetProperty("format").GetString());
        Assert.Equal(19, xlsx.GetProperty("unchanged").GetInt32());
        Assert.Equal(0, xlsx.GetProperty("created").GetInt32() + xlsx.GetProperty("updated").GetInt32() + xlsx.GetProperty("rejected").GetInt32());

        // Results.
        var stats = await (await api.Anonymous().GetAsync($"/api/surveys/{survey}/statistics")).JsonAsync(200);
        Assert.Equal(21.8, stats.GetProperty("response_rate").GetProperty("percent").GetDouble());
        Assert.Equal(19, stats.GetProperty("answers").GetInt32());
        Assert.Equal(16, stats.GetProperty("active_against_isolation").GetInt32());
        Assert.Equal(84.2, stats.GetProperty("active_share_percent").GetDouble());
        Assert.Equal(15, stats.GetProperty("need_to_act").GetInt32());
        Assert.Equal(7, stats.GetProperty("with_track_record").GetInt32());
        var activity = stats.GetProperty("activity_types");
        Assert.Equal(9, Count(activity, "ibasho"));
        Assert.Equal(5, Count(activity, "consultation"));
        Assert.Equal(5, Count(activity, "other"));
        Assert.Equal(0, Count(activity, "outreach"));
        // Free-text answers are for the issuer's staff, not the public.
        Assert.False(stats.TryGetProperty("other_activities", out _));
        var staffStats = await (await editor.GetAsync($"/api/surveys/{survey}/statistics")).JsonAsync(200);
        Assert.Equal(["交流", "交流", "仲間づくり", "仲間づくり", "遊び場づくり"], staffStats.GetProperty("other_activities").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(5, Count(stats.GetProperty("municipalities"), "01230"));
        Assert.Equal(6, Count(stats.GetProperty("municipalities"), "01205"));
        Assert.Equal(19, stats.GetProperty("organization_forms").EnumerateArray().Sum(c => c.GetProperty("count").GetInt32()));
        Assert.True(Count(stats.GetProperty("problem_keywords"), "futoko") >= 3);
        Assert.True(stats.GetProperty("difficulties").GetArrayLength() > 0 && stats.GetProperty("expectations").GetArrayLength() > 0);
        Assert.DoesNotContain("不登校の中学生", stats.GetRawText());
        var csv = await api.Anonymous().GetAsync($"/api/surveys/{survey}/statistics?format=csv");
        var csvText = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());
        Assert.Contains("activity_type,ibasho,居場所づくり,Place to belong (ibasho),9", csvText);
        Assert.Contains("isolation,active_percent,孤独・孤立対策の活動あり（%）,Active against isolation (%),84.2", csvText);
        Assert.Contains("response_rate,percent,回収率（%）,Response rate (%),21.8", csvText);

        // Raw answers: staff only, verbatim.
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Anonymous().GetAsync($"/api/surveys/{survey}/imports/{importId}/rows")).StatusCode);
        var rows = await (await editor.GetAsync($"/api/surveys/{survey}/imports/{importId}/rows")).JsonAsync(200);
        Assert.Equal(19, rows.GetArrayLength());
        Assert.Equal("不登校の中学生が週1回居場所に通うようになり、学習支援につながった。",
            rows[0].GetProperty("raw_cells").GetProperty("具体的な支援事例（自由記述）").GetString());
        Assert.Equal(19, rows[0].GetProperty("raw_cells").EnumerateObject().Count());
        // A row archived before the header was kept once per import holds its cells with their headers, and reads the same.
        await using (var db = await api.OpenDatabaseAsync())
            await new NpgsqlCommand($$"""
                UPDATE survey_answer_rows SET raw_cells = '{"団体名": "旧形式の団体", "所在地": "登別市"}'
                WHERE import_id = '{{importId}}' AND row_number = 3
                """, db).ExecuteNonQueryAsync();
        var legacy = (await (await editor.GetAsync($"/api/surveys/{survey}/imports/{importId}/rows")).JsonAsync(200))[1];
        Assert.Equal(3, legacy.GetProperty("row_number").GetInt32());
        Assert.Equal("""{"団体名":"旧形式の団体","所在地":"登別市"}""", legacy.GetProperty("raw_cells").GetRawText());

        // Publish: the 19 respondents become directory organisations with their services.
        await (await editor.PostAsync($"/api/surveys/{survey}/publish", null)).ProblemAsync(409, "urn:resourcemap:problem:conflict");
        await (await editor.SendJsonAsync(HttpMethod.Post, $"/api/surveys/{survey}/status", new { status = "closed" })).JsonAsync(200);
        var respondent = items[0].GetProperty("organization_name").GetString()!;
        // Imported targets are already directory organisations, without services: nothing to find in a search yet.
        var before = await (await api.Anonymous().GetAsync($"/api/organizations?q={Uri.EscapeDataString("のぼりべつふれあいサロンの会")}")).JsonAsync(200);
        Assert.Equal(1, before.GetProperty("total").GetInt32());
        Assert.Empty(before.GetProperty("items")[0].GetProperty("services").EnumerateArray());
        var searchBefore = await (await api.Anonymous().GetAsync($"/api/search/region?region=noboribetsu-survey-2024&q={Uri.EscapeDataString("ふれあいサロンの会")}")).JsonAsync(200);
        Assert.Equal(0, searchBefore.GetProperty("total").GetInt64());
        // The preview: NPO法人 のぼりべつ子ども食堂ネット is in the sample directory too (the list's 法人番号), so its
        // answer is merged into that record, and what would replace the directory's own values is held.
        var shokudoNumber = items[0].GetProperty("match").GetProperty("match_key").GetString();
        var sampleShokudo = (await (await api.Anonymous().GetAsync($"/api/organizations?q={Uri.EscapeDataString("のぼりべつ子ども食堂ネット")}")).JsonAsync(200))
            .GetProperty("items").EnumerateArray().Single(o => o.GetProperty("source").GetString() == "sample");
        Assert.Equal(shokudoNumber, sampleShokudo.GetProperty("corporate_number").GetString());
        var publishPreview = await (await editor.GetAsync($"/api/surveys/{survey}/publish/preview")).JsonAsync(200);
        Assert.Equal(19, publishPreview.GetProperty("answers").GetInt32());
        Assert.Equal(0, publishPreview.GetProperty("skip").GetInt32());
        var merged = publishPreview.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("corporate_number").GetString() == shokudoNumber);
        Assert.Equal("merge", merged.GetProperty("action").GetString());
        Assert.Equal(sampleShokudo.GetProperty("id").GetGuid(), merged.GetProperty("organization_id").GetGuid());
        var heldFields = merged.GetProperty("changes").EnumerateArray().Where(c => c.GetProperty("default").GetString() == "hold")
            .Select(c => c.GetProperty("field").GetString()).ToList();
        Assert.Contains("organization.description", heldFields);
        Assert.Contains("organization.phones", heldFields);
        var published = await (await editor.PostAsync($"/api/surveys/{survey}/publish", null)).JsonAsync(200);
        Assert.Equal(19, published.GetProperty("organizations").GetInt32());
        Assert.Equal(0, published.GetProperty("organizations_created").GetInt32());
        Assert.Equal(19, published.GetProperty("services").GetInt32());
        Assert.Equal(0, published.GetProperty("skipped").GetArrayLength());
        var after = await (await api.Anonymous().GetAsync($"/api/organizations?q={Uri.EscapeDataString("のぼりべつふれあいサロンの会")}")).JsonAsync(200);
        Assert.Equal(1, after.GetProperty("total").GetInt32());
        var organization = after.GetProperty("items")[0];
        // A merged record keeps its origin: the survey whose target list brought it into the directory (another test's
        // survey, when that one imported the same list first).
        Assert.Equal(before.GetProperty("items")[0].GetProperty("source").GetString(), organization.GetProperty("source").GetString());
        Assert.StartsWith("survey:", organization.GetProperty("source").GetString());
        Assert.Equal("ibasho", organization.GetProperty("services")[0].GetProperty("category").GetString());
        Assert.True(DateTimeOffset.UtcNow - organization.GetProperty("last_verified_at").GetDateTimeOffset() < TimeSpan.FromMinutes(5));
        // Every page: other tests add their own 登別 organisations, which can fill the first ones.
        var inNoboribetsu = new List<JsonElement>();
        for (var page = 1; ; page++)
        {
            var pageItems = (await (await api.Anonymous().GetAsync($"/api/organizations?municipality=01230&page_size=100&page={page}")).JsonAsync(200))
                .GetProperty("items").EnumerateArray().ToList();
            if (pageItems.Count == 0) break;
            inNoboribetsu.AddRange(pageItems);
        }
        // Four came from the survey list; the fifth is the sample directory's record, which keeps its origin and,
        // without an accept, its description and phones.
        var publishedIds = published.GetProperty("organization_ids").EnumerateArray().Select(i => i.GetGuid()).ToHashSet();
        var publishedInNoboribetsu = inNoboribetsu.Where(o => publishedIds.Contains(o.GetProperty("id").GetGuid())).ToList();
        Assert.Equal(5, publishedInNoboribetsu.Count);
        Assert.Equal(4, publishedInNoboribetsu.Count(o => o.GetProperty("source").GetString()!.StartsWith("survey:", StringComparison.Ordinal)));
        var shokudoAfter = await (await api.Admin().GetAsync($"/api/organizations/{sampleShokudo.GetProperty("id").GetGuid()}")).JsonAsync(200);
        Assert.Equal("sample", shokudoAfter.GetProperty("source").GetString());
        Assert.Equal(sampleShokudo.GetProperty("description").GetString(), shokudoAfter.GetProperty("description").GetString());
        Assert.Equal(sampleShokudo.GetProperty("phones").GetRawText(), shokudoAfter.GetProperty("phones").GetRawText());
        Assert.Equal(sampleShokudo.GetProperty("email").GetString(), shokudoAfter.GetProperty("email").GetString());
        var ibasho = await (await api.Anonymous().GetAsync($"/api/services?organization_id={organization.GetProperty("id").GetGuid()}")).JsonAsync(200);
        var service = ibasho.GetProperty("items")[0];
        Assert.Equal("01230", service.GetProperty("locations")[0].GetProperty("municipality_code").GetString());
        Assert.Equal("municipality", service.GetProperty("service_area").GetProperty("level").GetString());
        Assert.Equal(["01230"], service.GetProperty("service_area").GetProperty("covered_municipality_codes").EnumerateArray().Select(c => c.GetString()!).ToArray());
        Assert.DoesNotContain("不登校の中学生", service.GetRawText() + organization.GetRawText());
        Assert.NotNull(respondent);
        // Publishing goes through the same audit as the directory endpoints, under the publishing key's name.
        var history = await (await api.Admin().GetAsync($"/api/audit?entity_id={service.GetProperty("id").GetString()}")).JsonAsync(200);
        Assert.Contains(history.GetProperty("items").EnumerateArray(), e => e.GetProperty("entity_type").GetString() == "service"
            && e.GetProperty("action").GetString() == "create" && e.GetProperty("actor").GetString() == "test-editor");
        // Published services are found by the map searches.
        var searchAfter = await (await api.Anonymous().GetAsync($"/api/search/region?region=noboribetsu-survey-2024&q={Uri.EscapeDataString("ふれあいサロンの会")}")).JsonAsync(200);
        Assert.Equal(1, searchAfter.GetProperty("total").GetInt64());
        Assert.Equal(organization.GetProperty("id").GetGuid(), searchAfter.GetProperty("items")[0].GetProperty("organization").GetProperty("id").GetGuid());
        // Unanswered targets are organisations to follow up, with no services and nothing in a search.
        var unanswered = targetList.EnumerateArray().Select(t => t.GetProperty("name").GetString()!).Last(n => n.Contains("とようら"));
        var unansweredKey = unanswered.Replace("特定非営利活動法人", "");
        var listed = await (await api.Anonymous().GetAsync($"/api/organizations?q={Uri.EscapeDataString(unansweredKey)}")).JsonAsync(200);
        Assert.Equal(1, listed.GetProperty("total").GetInt32());
        Assert.Empty(listed.GetProperty("items")[0].GetProperty("services").EnumerateArray());
        var notFound = await (await api.Anonymous().GetAsync($"/api/search/region?region=noboribetsu-survey-2024&q={Uri.EscapeDataString(unansweredKey)}")).JsonAsync(200);
        Assert.Equal(0, notFound.GetProperty("total").GetInt64());

        // Publishing again updates the same records.
        var republished = await (await editor.PostAsync($"/api/surveys/{survey}/publish", null)).JsonAsync(200);
        Assert.Equal(0, republished.GetProperty("organizations_created").GetInt32());
        Assert.Equal(0, republished.GetProperty("services_created").GetInt32());
        var still = await (await api.Anonymous().GetAsync($"/api/organizations?q={Uri.EscapeDataString("のぼりべつふれあいサロンの会")}")).JsonAsync(200);
        Assert.Equal(1, still.GetProperty("total").GetInt32());
        Assert.Single(still.GetProperty("items")[0].GetProperty("services").EnumerateArray());
    }

    [Fact]
    public async Task Re_importing_changes_nothing_and_a_corrected_export_updates_in_place_with_history()
    {
        var editor = api.Editor();
        var survey = await CreateSurveyAsync(editor);
        await ImportTargetsAsync(editor, survey);
        var first = await (await ImportAnswersAsync(editor, survey, Read(AnswersCsv), AnswersCsv, "commit")).JsonAsync(200);
        var firstImport = first.GetProperty("import_id").GetGuid();

        var again = await (await ImportAnswersAsync(editor, survey, Read(AnswersCsv), AnswersCsv, "commit")).JsonAsync(200);
        Assert.Equal(19, again.GetProperty("unchanged").GetInt32());
        Assert.Equal(0, again.GetProperty("created").GetInt32());
        Assert.Equal(firstImport, again.GetProperty("already_imported_as").GetGuid());
        Assert.Equal(JsonValueKind.Null, again.GetProperty("import_id").ValueKind);
        Assert.Equal((19L, 19L, 1L, 0L), await CountsAsync(api, survey));

        // A corrected re-export: one answer's activity type changes (居場所づくり → 相談窓口の開設).
        var text = ShiftJis.GetString(Read(AnswersCsv));
        var lines = text.Split("\r\n").ToList();
        Assert.Contains(",居場所づくり,", lines[1]);
        lines[1] = lines[1].Replace(",居場所づくり,", ",相談窓口の開設,");
        var corrected = ShiftJis.GetBytes(string.Join("\r\n", lines));
        var update = await (await ImportAnswersAsync(editor, survey, corrected, "answers-corrected.csv", "commit")).JsonAsync(200);
        Assert.Equal(1, update.GetProperty("updated").GetInt32());
        Assert.Equal(18, update.GetProperty("unchanged").GetInt32());
        Assert.Equal((19L, 38L, 2L, 1L), await CountsAsync(api, survey));

        var stats = await (await api.Anonymous().GetAsync($"/api/surveys/{survey}/statistics")).JsonAsync(200);
        Assert.Equal(8, Count(stats.GetProperty("activity_types"), "ibasho"));
        Assert.Equal(6, Count(stats.GetProperty("activity_types"), "consultation"));
        await using var db = await api.OpenDatabaseAsync();
        var previous = (string)(await new NpgsqlCommand($"""
            SELECT c.previous_data::text FROM survey_answer_changes c JOIN survey_answers a ON a.id = c.answer_id WHERE a.survey_id = '{survey}'
            """, db).ExecuteScalarAsync())!;
        var previousTypes = JsonDocument.Parse(previous).RootElement.GetProperty("activity_types").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(["ibasho"], previousTypes);
    }

    [Fact]
    public async Task A_later_answer_replaces_an_earlier_one_the_commit_had_already_stored()
    {
        // The test host stores new answers every 3 rows (ApiFixture), so row 2's answer is stored before rows 21 and
        // 23 replace it, and row 21's before row 23 does (decision 19).
        var editor = api.Editor();
        var survey = await CreateSurveyAsync(editor);
        await ImportTargetsAsync(editor, survey);
        var lines = ShiftJis.GetString(Read(AnswersCsv)).Split("\r\n").Where(l => l.Length > 0).ToList();
        Assert.Equal(20, lines.Count);
        Assert.StartsWith("2024/02/05 9:00:00,", lines[1]);
        Assert.StartsWith("2024/02/06 10:07:00,", lines[2]);
        var consultation = lines[1].Replace(",居場所づくり,", ",相談窓口の開設,").Replace("2024/02/05 9:00:00,", "2024/03/01 9:00:00,");
        lines.Add(consultation);                                                       // row 21 replaces row 2
        lines.Add(lines[2].Replace("2024/02/06 10:07:00,", "2024/01/06 10:07:00,"));   // row 22 is older than row 3
        lines.Add(consultation.Replace(",毎週,", ",月1回以上,").Replace("2024/03/01", "2024/03/02")); // row 23 replaces row 21
        var file = ShiftJis.GetBytes(string.Join("\r\n", lines) + "\r\n");

        var dryRun = await (await ImportAnswersAsync(editor, survey, file, "answers-resent.csv")).JsonAsync(200);
        var commit = await (await ImportAnswersAsync(editor, survey, file, "answers-resent.csv", "commit")).JsonAsync(200);
        foreach (var report in new[] { dryRun, commit })
        {
            Assert.Equal(19, report.GetProperty("created").GetInt32());
            Assert.Equal(3, report.GetProperty("superseded").GetInt32());
            var supersededBy = report.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("outcome").GetString() == "superseded")
                .ToDictionary(i => i.GetProperty("row_number").GetInt32(), i => i.GetProperty("superseded_by").GetInt32());
            Assert.Equal(new Dictionary<int, int> { [2] = 21, [21] = 23, [22] = 3 }, supersededBy);
        }
        Assert.Equal((19L, 22L, 1L, 0L), await CountsAsync(api, survey));

        await using var db = await api.OpenDatabaseAsync();
        var importId = commit.GetProperty("import_id").GetGuid();
        await using (var read = await new NpgsqlCommand($"""
            SELECT a.row_number, r.answer_id = a.id, r.data->>'frequency', r.data->'activity_types'->>0, t.status, t.answered_at IS NOT NULL,
                   (SELECT count(*) FROM survey_answer_rows o WHERE o.import_id = r.import_id AND o.answer_id = a.id)
            FROM survey_answers a JOIN survey_answer_rows r ON r.import_id = a.import_id AND r.row_number = a.row_number
            JOIN survey_targets t ON t.id = a.target_id
            WHERE a.survey_id = '{survey}' AND a.import_id = '{importId}' AND t.corporate_number = '5816457786208'
            """, db).ExecuteReaderAsync())
        {
            Assert.True(await read.ReadAsync());
            Assert.Equal(23, read.GetInt32(0));
            Assert.True(read.GetBoolean(1));           // the report's row names the answer it stored
            Assert.Equal("monthly", read.GetString(2));
            Assert.Equal("consultation", read.GetString(3));
            Assert.Equal("answered", read.GetString(4));
            Assert.True(read.GetBoolean(5));
            Assert.Equal(1L, read.GetInt64(6));         // and no superseded row still does
            Assert.False(await read.ReadAsync());
        }
        // Row 3 keeps its target's answer: row 22 came later in the file but was sent earlier.
        Assert.Equal(3, (int)(await new NpgsqlCommand($"""
            SELECT a.row_number FROM survey_answers a JOIN survey_targets t ON t.id = a.target_id
            WHERE a.survey_id = '{survey}' AND t.corporate_number = '7498561337339'
            """, db).ExecuteScalarAsync())!);
        var stats = await (await api.Anonymous().GetAsync($"/api/surveys/{survey}/statistics")).JsonAsync(200);
        Assert.Equal(8, Count(stats.GetProperty("activity_types"), "ibasho"));
        Assert.Equal(6, Count(stats.GetProperty("activity_types"), "consultation"));
    }

    [Fact]
    public async Task An_unmatched_row_is_reported_and_a_staff_resolution_matches_it()
    {
        var editor = api.Editor();
        var survey = await CreateSurveyAsync(editor);
        await ImportTargetsAsync(editor, survey);
        var text = ShiftJis.GetString(Read(AnswersCsv));
        var lines = text.Split("\r\n").ToList();
        // Row 4 has no 法人番号; renaming it leaves nothing to match on.
        lines[4] = lines[4].Replace("のぼりべつ地域福祉ネットワーク", "登別ちいきふくしネット");
        var renamed = ShiftJis.GetBytes(string.Join("\r\n", lines));

        var dry = await (await ImportAnswersAsync(editor, survey, renamed, "renamed.csv")).JsonAsync(200);
        Assert.Equal(1, dry.GetProperty("rejected").GetInt32());
        var row = dry.GetProperty("items")[3];
        Assert.Equal("rejected", row.GetProperty("match").GetProperty("status").GetString());
        Assert.Equal("rejected", row.GetProperty("outcome").GetString());
        Assert.Contains("No target", row.GetProperty("match").GetProperty("reason_en").GetString());
        Assert.Contains("調査対象", row.GetProperty("match").GetProperty("reason_ja").GetString());

        var targets = await (await editor.GetAsync($"/api/surveys/{survey}/targets")).JsonAsync(200);
        var target = targets.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "特定非営利活動法人のぼりべつ地域福祉ネットワーク");
        var response = await editor.SendJsonAsync(HttpMethod.Post, $"/api/surveys/{survey}/match-resolutions", new
        {
            match_key = row.GetProperty("match").GetProperty("match_key").GetString(),
            target_id = target.GetProperty("id").GetGuid(),
        });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var resolved = await (await ImportAnswersAsync(editor, survey, renamed, "renamed.csv")).JsonAsync(200);
        Assert.Equal(0, resolved.GetProperty("rejected").GetInt32());
        Assert.Equal("resolution", resolved.GetProperty("items")[3].GetProperty("match").GetProperty("by").GetString());
    }

    [Fact]
    public async Task Two_targets_with_the_same_name_make_a_row_without_number_ambiguous_never_guessed()
    {
        var editor = api.Editor();
        var survey = await CreateSurveyAsync(editor);
        var register = "法人番号,法人名称,主たる事務所の所在地\r\n"
            + $"{TestData.NewCorporateNumber()},特定非営利活動法人ふたごの会,北海道登別市幌別町1丁目1\r\n"
            + $"{TestData.NewCorporateNumber()},特定非営利活動法人ふたごの会,北海道登別市富士町2丁目3\r\n";
        var imported = await (await editor.PostAsync($"/api/surveys/{survey}/targets/import",
            Form(Encoding.UTF8.GetBytes(register), "register.csv"))).JsonAsync(200);
        Assert.Equal(2, imported.GetProperty("added").GetInt32());
        var answer = Encoding.UTF8.GetBytes("団体名,法人番号,所在地,活動の種類\r\nNPO法人 ふたごの会,,登別市幌別町1-1,居場所づくり\r\n");
        var report = await (await ImportAnswersAsync(editor, survey, answer, "twins.csv")).JsonAsync(200);
        var row = report.GetProperty("items")[0];
        Assert.Equal("needs_review", row.GetProperty("match").GetProperty("status").GetString());
        Assert.Equal(2, row.GetProperty("match").GetProperty("candidates").GetArrayLength());
        Assert.Equal("needs_review", row.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("match").GetProperty("target_id").ValueKind);
    }

    private async Task AssertRepresentativesAreNotStoredAsync(Guid survey, string targetsJson)
    {
        var lines = Encoding.UTF8.GetString(Read(TargetsFile)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var column = Array.IndexOf(lines[0].Split(','), "代表者氏名");
        Assert.True(column >= 0);
        var representatives = lines.Skip(1).Select(l => l.Split(',')[column]).Distinct().ToList();
        await using var db = await api.OpenDatabaseAsync();
        var stored = (string)(await new NpgsqlCommand(
            $"SELECT coalesce(string_agg(row_to_json(t)::text, ''), '') FROM survey_targets t WHERE survey_id = '{survey}'", db).ExecuteScalarAsync())!;
        Assert.All(representatives, name =>
        {
            Assert.DoesNotContain(name, stored);
            Assert.DoesNotContain(name, targetsJson);
        });
    }
}
