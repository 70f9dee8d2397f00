using System.Text;
using System.Text.Json;
using ResourceMap.IntegrationTests.Infrastructure;
using static ResourceMap.IntegrationTests.Surveys.SurveySamples;

namespace ResourceMap.IntegrationTests.Sharing;

/// <summary>
/// Survey results: the aggregates are public, the raw free-text answers only reach staff the survey is shared with —
/// the issuing municipality (登別 01230) and the municipalities of its area (noboribetsu-survey-2024, which includes
/// 白老 01578), plus admins. 函館 (01202) is outside the area. Absence is asserted, in JSON and in CSV.
/// </summary>
[Collection(ApiCollection.Name)]
public class SurveyStatisticsSharingTests(ApiFixture api) : IAsyncLifetime
{
    private const string Issuer = "01230";
    private const string InArea = "01578";
    private const string Unrelated = "01202";
    /// <summary>Free-text answers of the sample file: その他 activity labels, a phone and an e-mail address.</summary>
    private static readonly string[] RawAnswerTexts = ["遊び場づくり", "仲間づくり", "0143-05-8523", "info01@npo-sample.example.jp", "不登校の中学生"];

    private static Guid _survey;
    private static readonly SemaphoreSlim Once = new(1, 1);
    private HttpClient _issuerEditor = null!;

    public async Task InitializeAsync()
    {
        _issuerEditor = api.WithKey(await IssueAsync("editor", Issuer));
        await Once.WaitAsync();
        try
        {
            if (_survey != Guid.Empty) return;
            // One survey with the 19 sample answers, shared by the tests of this class.
            var survey = await CreateSurveyAsync(_issuerEditor);
            await ImportTargetsAsync(_issuerEditor, survey);
            await (await ImportAnswersAsync(_issuerEditor, survey, Read(AnswersCsv), AnswersCsv, "commit")).JsonAsync(200);
            _survey = survey;
        }
        finally
        {
            Once.Release();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string> IssueAsync(string role, string municipality)
    {
        var issued = await (await api.Admin().SendJsonAsync(HttpMethod.Post, "/api/keys",
            new { name = $"{municipality} {role} {Guid.NewGuid():N}", role, home_municipality_code = municipality })).JsonAsync(201);
        return issued.GetProperty("key").GetString()!;
    }

    private async Task<HttpClient> ClientAsync(string principal) => principal switch
    {
        "public" => api.Anonymous(),
        "admin" => api.Admin(),
        _ => api.WithKey(await IssueAsync(principal.Split(' ')[0], principal.Split(' ')[1])),
    };

    public static TheoryData<string> WithoutRawAnswers => new() { "public", $"partner {Unrelated}", $"editor {Unrelated}" };

    public static TheoryData<string> WithRawAnswers => new() { $"partner {Issuer}", $"editor {Issuer}", $"partner {InArea}", "admin" };

    [Theory]
    [MemberData(nameof(WithoutRawAnswers))]
    public async Task Free_text_answers_are_absent_from_JSON_and_CSV_statistics_for_callers_the_survey_is_not_shared_with(string principal)
    {
        var client = await ClientAsync(principal);
        var response = await client.GetAsync($"/api/surveys/{_survey}/statistics");
        var text = await response.Content.ReadAsStringAsync();
        var stats = await response.JsonAsync(200);
        Assert.Equal(19, stats.GetProperty("answers").GetInt32());
        Assert.Equal(5, Count(stats.GetProperty("activity_types"), "other")); // the aggregate stays public
        Assert.False(stats.TryGetProperty("other_activities", out _), "other_activities must be absent");
        foreach (var raw in RawAnswerTexts) Assert.DoesNotContain(raw, text);

        var csv = await CsvAsync(client);
        Assert.Contains("activity_type,other,", csv);
        Assert.DoesNotContain("other_activity", csv);
        foreach (var raw in RawAnswerTexts) Assert.DoesNotContain(raw, csv);
    }

    [Theory]
    [MemberData(nameof(WithRawAnswers))]
    public async Task Free_text_answers_reach_admins_and_staff_of_the_issuer_and_of_the_survey_area_in_JSON_and_CSV(string principal)
    {
        var client = await ClientAsync(principal);
        var stats = await (await client.GetAsync($"/api/surveys/{_survey}/statistics")).JsonAsync(200);
        Assert.Equal(["交流", "交流", "仲間づくり", "仲間づくり", "遊び場づくり"],
            stats.GetProperty("other_activities").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal).ToArray());

        var csv = await CsvAsync(client);
        Assert.Contains("other_activity,,交流,,2", csv);
        Assert.Contains("other_activity,,仲間づくり,,2", csv);
        Assert.Contains("other_activity,,遊び場づくり,,1", csv);
    }

    /// <summary>
    /// The archived rows are the raw answers in full (contacts included): they stay with the issuing municipality —
    /// its partners read them (they may not import or publish), staff of the rest of the survey area do not.
    /// </summary>
    [Theory]
    [InlineData("partner 01230", 200)]
    [InlineData("editor 01230", 200)]
    [InlineData("admin", 200)]
    [InlineData("partner 01578", 404)]
    [InlineData("editor 01202", 404)]
    [InlineData("public", 401)]
    public async Task Raw_answer_rows_reach_admins_and_the_issuing_municipalitys_partners_and_editors_only(string principal, int expected)
    {
        var imports = await (await _issuerEditor.GetAsync($"/api/surveys/{_survey}/imports")).JsonAsync(200);
        var importId = imports.EnumerateArray().Single(i => i.GetProperty("kind").GetString() == "answers").GetProperty("id").GetString();
        var client = await ClientAsync(principal);

        var rows = await client.GetAsync($"/api/surveys/{_survey}/imports/{importId}/rows");
        Assert.Equal(expected, (int)rows.StatusCode);
        var body = await rows.Content.ReadAsStringAsync();
        if (expected == 200)
        {
            Assert.Contains("不登校の中学生", body);
            Assert.Equal(expected, (int)(await client.GetAsync($"/api/surveys/{_survey}/targets")).StatusCode);
        }
        else
        {
            Assert.All(RawAnswerTexts, text => Assert.DoesNotContain(text, body));
        }
    }

    [Fact]
    public async Task The_public_survey_list_and_progress_carry_no_raw_answers_or_contact_data()
    {
        foreach (var url in new[] { "/api/surveys", $"/api/surveys/{_survey}" })
        {
            var response = await api.Anonymous().GetAsync(url);
            var text = await response.Content.ReadAsStringAsync();
            await response.JsonAsync(200);
            foreach (var raw in RawAnswerTexts) Assert.DoesNotContain(raw, text);
            Assert.DoesNotContain("北海道登別市新生町", text); // a respondent's address
        }
        var progress = (await (await api.Anonymous().GetAsync($"/api/surveys/{_survey}")).JsonAsync(200)).GetProperty("progress");
        Assert.Equal(19, progress.GetProperty("response_rate").GetProperty("answered").GetInt32());
        Assert.Equal(JsonValueKind.Object, progress.GetProperty("answers_by_municipality").ValueKind);
    }

    private static async Task<string> CsvAsync(HttpClient client)
    {
        var response = await client.GetAsync($"/api/surveys/{_survey}/statistics?format=csv");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        return Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).Replace("\r\n", "\n");
    }
}
