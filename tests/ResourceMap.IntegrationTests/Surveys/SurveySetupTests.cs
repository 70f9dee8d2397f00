using System.Net;
using System.Text;
using ResourceMap.IntegrationTests.Infrastructure;
using static ResourceMap.IntegrationTests.Surveys.SurveySamples;

namespace ResourceMap.IntegrationTests.Surveys;

[Collection(ApiCollection.Name)]
public class SurveySetupTests(ApiFixture api)
{
    private const string Validation = "urn:resourcemap:problem:validation";

    private static Dictionary<string, object?> Survey(string? region, string[]? codes, string? profile = null) => new()
    {
        ["title"] = "設定テスト", ["issuing_municipality_code"] = "01230", ["region_id"] = region, ["municipality_codes"] = codes,
        ["period_start"] = "2024-02-25", ["period_end"] = "2024-02-05", ["mapping_profile_id"] = profile,
    };

    [Fact]
    public async Task A_survey_needs_one_area_a_known_profile_and_a_sane_period()
    {
        var editor = api.Editor();
        var both = await (await editor.SendJsonAsync(HttpMethod.Post, "/api/surveys", Survey("nishi-iburi", ["01230"]))).ProblemAsync(400, Validation);
        Assert.Contains("one of them", both.FieldError("region_id"));
        Assert.Contains("period_start", both.FieldError("period_end"));
        var body = Survey(null, ["01230", "01999"], "no-such-profile");
        body["period_start"] = null;
        var unknown = await (await editor.SendJsonAsync(HttpMethod.Post, "/api/surveys", body)).ProblemAsync(400, Validation);
        Assert.Contains("01999", unknown.FieldError("municipality_codes"));
        var malformed = await (await editor.SendJsonAsync(HttpMethod.Post, "/api/surveys", Survey(null, ["99999"]))).ProblemAsync(400, Validation);
        Assert.Contains("prefecture", malformed.FieldError("municipality_codes[0]"));
        Assert.Contains("no-such-profile", unknown.FieldError("mapping_profile_id"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Anonymous().SendJsonAsync(HttpMethod.Post, "/api/surveys", body)).StatusCode);
    }

    [Fact]
    public async Task Directory_organisations_in_the_area_become_targets_by_legal_form_once()
    {
        var editor = api.Editor();
        var body = Survey(null, ["01230"]);
        body["period_start"] = null;
        var survey = (await (await editor.SendJsonAsync(HttpMethod.Post, "/api/surveys", body)).JsonAsync(201)).GetProperty("id").GetGuid();
        // Targets come from the whole directory, non-public records included: compare with what staff can list.
        var expected = (await (await editor.GetAsync("/api/organizations?municipality=01230&legal_form=npo&page_size=100")).JsonAsync(200))
            .GetProperty("total").GetInt32();
        Assert.True(expected > 0);
        var added = await (await editor.SendJsonAsync(HttpMethod.Post, $"/api/surveys/{survey}/targets", new { legal_forms = new[] { "npo" } })).JsonAsync(200);
        Assert.Equal(expected, added.GetProperty("added").GetInt32());
        var again = await (await editor.SendJsonAsync(HttpMethod.Post, $"/api/surveys/{survey}/targets", new { legal_forms = new[] { "npo" } })).JsonAsync(200);
        Assert.Equal(0, again.GetProperty("added").GetInt32());
        Assert.Equal(expected, again.GetProperty("targets").GetInt32());
        var targets = await (await editor.GetAsync($"/api/surveys/{survey}/targets")).JsonAsync(200);
        Assert.All(targets.EnumerateArray(), t =>
        {
            Assert.Equal("directory", t.GetProperty("origin").GetString());
            Assert.Equal("npo", t.GetProperty("legal_form").GetString());
            Assert.NotEqual(System.Text.Json.JsonValueKind.Null, t.GetProperty("organization_id").ValueKind);
        });
        await (await editor.SendJsonAsync(HttpMethod.Post, $"/api/surveys/{survey}/targets", new { legal_forms = new[] { "npo_corp" } }))
            .ProblemAsync(400, Validation);

        // Tracking: sent, then declined; answered cannot be set by hand.
        var target = targets[0].GetProperty("id").GetGuid();
        var sent = await (await editor.SendJsonAsync(HttpMethod.Post, $"/api/surveys/{survey}/targets/{target}/status", new { status = "sent" })).JsonAsync(200);
        Assert.Equal("sent", sent.GetProperty("status").GetString());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, sent.GetProperty("sent_at").ValueKind);
        await (await editor.SendJsonAsync(HttpMethod.Post, $"/api/surveys/{survey}/targets/{target}/status", new { status = "answered" })).ProblemAsync(400, Validation);
        await (await editor.SendJsonAsync(HttpMethod.Post, $"/api/surveys/{survey}/targets/{target}/status", new { status = "declined" })).JsonAsync(200);
        var progress = (await (await api.Anonymous().GetAsync($"/api/surveys/{survey}")).JsonAsync(200)).GetProperty("progress");
        Assert.Equal(1, progress.GetProperty("targets_by_status").GetProperty("declined").GetInt32());
        Assert.Equal(expected - 1, progress.GetProperty("targets_by_status").GetProperty("pending").GetInt32());
    }

    [Fact]
    public async Task A_custom_mapping_profile_reads_a_differently_worded_form()
    {
        var editor = api.Editor();
        var profile = new Dictionary<string, object?>
        {
            ["name"] = "別の市のフォーム", ["kind"] = "answers",
            ["columns"] = new Dictionary<string, string[]>
            {
                ["organization_name"] = ["貴団体の名称"], ["corporate_number"] = ["法人番号（13桁）"], ["address"] = ["事務所住所"],
                ["activity_types"] = ["実施している活動"], ["active_against_isolation"] = ["孤立対策の活動"],
            },
        };
        var saved = await (await editor.SendJsonAsync(HttpMethod.Put, "/api/mapping-profiles/other-city-2025", profile)).JsonAsync(200);
        Assert.Equal("answers", saved.GetProperty("kind").GetString());
        var bad = new Dictionary<string, object?>(profile) { ["columns"] = new Dictionary<string, string[]> { ["organisation"] = ["団体"] } };
        await (await editor.SendJsonAsync(HttpMethod.Put, "/api/mapping-profiles/other-city-2025", bad)).ProblemAsync(400, Validation);
        var listed = await (await api.Anonymous().GetAsync("/api/mapping-profiles")).JsonAsync(200);
        Assert.Contains(listed.EnumerateArray(), p => p.GetProperty("id").GetString() == "noboribetsu-2024");

        var body = Survey("noboribetsu-survey-2024", null, "other-city-2025");
        body["period_start"] = null;
        var survey = (await (await editor.SendJsonAsync(HttpMethod.Post, "/api/surveys", body)).JsonAsync(201)).GetProperty("id").GetGuid();
        await ImportTargetsAsync(editor, survey);
        var targets = await (await editor.GetAsync($"/api/surveys/{survey}/targets")).JsonAsync(200);
        var number = targets[0].GetProperty("corporate_number").GetString();
        var csv = "貴団体の名称,法人番号（13桁）,事務所住所,実施している活動,孤立対策の活動,メモ\r\n"
                  + $"{targets[0].GetProperty("name").GetString()},{number},{targets[0].GetProperty("address").GetString()},アウトリーチ支援,はい,なし\r\n";
        var report = await (await ImportAnswersAsync(editor, survey, Encoding.UTF8.GetBytes(csv), "other.csv")).JsonAsync(200);
        Assert.Equal(1, report.GetProperty("created").GetInt32());
        Assert.Equal(["メモ"], report.GetProperty("ignored_headers").EnumerateArray().Select(h => h.GetString()!).ToArray());
    }

    [Fact]
    public async Task A_target_list_with_a_merged_address_header_joins_its_parts()
    {
        var editor = api.Editor();
        var survey = await CreateSurveyAsync(editor);
        var number = TestData.NewCorporateNumber();
        // 主たる事務所の所在地 spans three columns, labelled in the row below, as a staff-made sheet merges it.
        var list = "法人番号,法人名称,主たる事務所の所在地,,\r\n,,都道府県,市区町村,番地以降\r\n"
                   + $"{number},特定非営利活動法人ゆうかりの会,北海道,登別市,幌別町1丁目1\r\n";
        var imported = await (await editor.PostAsync($"/api/surveys/{survey}/targets/import", Form(Encoding.UTF8.GetBytes(list), "list.csv"))).JsonAsync(200);
        Assert.Equal((1, 0), (imported.GetProperty("added").GetInt32(), imported.GetProperty("rejected").GetInt32()));
        var target = (await (await editor.GetAsync($"/api/surveys/{survey}/targets")).JsonAsync(200)).EnumerateArray()
            .Single(t => t.GetProperty("corporate_number").GetString() == number);
        Assert.Equal("北海道登別市幌別町1丁目1", target.GetProperty("address").GetString());
        Assert.Equal("01230", target.GetProperty("municipality_code").GetString());
    }

    [Fact]
    public async Task A_json_body_instead_of_a_file_is_415()
    {
        var editor = api.Editor();
        var survey = await CreateSurveyAsync(editor);
        var response = await editor.SendJsonAsync(HttpMethod.Post, $"/api/surveys/{survey}/answers/import", new { file = "x" });
        Assert.Equal(415, (int)response.StatusCode);
    }
}
