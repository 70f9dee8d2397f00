using System.Text.Json;
using ResourceMap.IntegrationTests.Infrastructure;
using static ResourceMap.IntegrationTests.Surveys.SurveySamples;

namespace ResourceMap.IntegrationTests.Surveys;

/// <summary>
/// Every generated export shape goes through dry run and commit; every row's outcome, match and warnings are
/// asserted, and afterwards exactly the expected answers are stored, under the expected targets, with the expected
/// values. The bar: no row stored wrong without a warning, and no row lost that the file's data identifies.
/// </summary>
[Collection(ApiCollection.Name)]
public class FormExportImportTests(ApiFixture api)
{
    public static TheoryData<string> ShapeNames() =>
    [
        "google-forms", "microsoft-forms", "excel-cp932", "title-rows", "second-sheet", "coded-sheet", "unquoted-commas",
        "duplicate-submissions", "conflicting", "excel-mangled", "name-variants", "duplicate-unmapped-headers", "close-and-unknown-names",
        "numbered-questions", "excel-unicode-text", "excel-tab-cp932", "excel-97-2003",
        "pasted-exports", "other-wording", "address-elsewhere", "merged-header", "header-notes",
    ];

    [Theory]
    [MemberData(nameof(ShapeNames))]
    public async Task Every_row_of_an_export_is_imported_right_held_for_review_or_rejected_with_a_reason(string name)
    {
        var editor = api.Editor();
        var survey = await CreateSurveyAsync(editor);
        await ImportTargetsAsync(editor, survey);
        var targets = (await (await editor.GetAsync($"/api/surveys/{survey}/targets")).JsonAsync(200)).EnumerateArray()
            .Select(t => new GenTarget(t.GetProperty("id").GetGuid(), t.GetProperty("name").GetString()!, t.GetProperty("corporate_number").GetString()!,
                t.GetProperty("address").GetString()!))
            .ToList();
        var shapes = FormExportGenerator.Shapes(targets);
        Assert.True(shapes.Count >= 12);
        if (Environment.GetEnvironmentVariable("RESOURCEMAP_WRITE_EXPORTS") is { Length: > 0 } dir) FormExportGenerator.WriteAll(targets, dir);
        var shape = shapes.Single(s => s.Name == name);

        var query = "";
        if (shape.Profile is not null)
        {
            var profileId = $"test-{Guid.NewGuid():N}"[..30];
            await (await editor.SendJsonAsync(HttpMethod.Put, $"/api/mapping-profiles/{profileId}", shape.Profile)).JsonAsync(200);
            query = $"&profile={profileId}";
        }

        var dry = await (await ImportAnswersAsync(editor, survey, shape.Bytes, shape.FileName, query: query)).JsonAsync(200);
        AssertReport(shape, dry);
        var commit = await (await ImportAnswersAsync(editor, survey, shape.Bytes, shape.FileName, "commit", query)).JsonAsync(200);
        AssertReport(shape, commit);

        // Exactly the created rows are stored, under their targets, with the values the file gives.
        await using var db = await api.OpenDatabaseAsync();
        await using var command = db.CreateCommand();
        // An answer's data is that of the committed row it points at (decision 18).
        command.CommandText = """
            SELECT a.target_id, a.row_number, r.data::text
            FROM survey_answers a JOIN survey_answer_rows r ON r.import_id = a.import_id AND r.row_number = a.row_number
            WHERE a.survey_id = @s
            """;
        command.Parameters.AddWithValue("s", survey);
        var stored = new Dictionary<Guid, (int Row, JsonElement Data)>();
        await using (var rows = await command.ExecuteReaderAsync())
            while (await rows.ReadAsync())
                stored[rows.GetGuid(0)] = (rows.GetInt32(1), JsonDocument.Parse(rows.GetString(2)).RootElement.Clone());
        var created = shape.Rows.Where(r => r.Outcome == "create").ToList();
        Assert.Equal(created.Select(r => r.Target!.Value).Order(), stored.Keys.Order());
        foreach (var row in created)
        {
            var (rowNumber, data) = stored[row.Target!.Value];
            Assert.Equal(row.Row, rowNumber);
            foreach (var (field, expected) in row.Stored ?? new Dictionary<string, object?>())
                Assert.True(JsonEquals(expected, data.GetProperty(field)), $"{shape.Name} row {row.Row}: {field} is {data.GetProperty(field)}, expected {JsonSerializer.Serialize(expected)}");
        }
    }

    private static void AssertReport(ExportShape shape, JsonElement report)
    {
        Assert.Equal(shape.HeaderRow, report.GetProperty("header_row").GetInt32());
        if (shape.Sheet is not null) Assert.Equal(shape.Sheet, report.GetProperty("sheet").GetString());
        if (shape.IgnoredHeaders is not null)
            Assert.Equal(shape.IgnoredHeaders, report.GetProperty("ignored_headers").EnumerateArray().Select(h => h.GetString()!).Where(h => shape.IgnoredHeaders.Contains(h)));
        var items = report.GetProperty("items").EnumerateArray().ToList();
        // No row lost: every row of the file is in the report, in order, with the spreadsheet's row number.
        Assert.Equal(shape.Rows.Select(r => r.Row), items.Select(i => i.GetProperty("row_number").GetInt32()));
        Assert.Equal(shape.Rows.Count, report.GetProperty("rows").GetInt32());
        Assert.Equal(shape.Rows.Count(r => r.Outcome == "create"), report.GetProperty("created").GetInt32() + report.GetProperty("unchanged").GetInt32());
        foreach (var (expected, item) in shape.Rows.Zip(items))
        {
            var where = $"{shape.Name} row {expected.Row}: {item}";
            var match = item.GetProperty("match");
            Assert.True(expected.Outcome == item.GetProperty("outcome").GetString()
                        || (expected.Outcome == "create" && item.GetProperty("outcome").GetString() == "unchanged"), where);
            Assert.True(expected.Match == match.GetProperty("status").GetString(), where);
            Assert.True(expected.By == match.GetProperty("by").GetString(), where);
            if (expected.Target is { } target) Assert.True(target == match.GetProperty("target_id").GetGuid(), where);
            if (expected.Match != "matched")
            {
                Assert.True(match.GetProperty("reason_ja").GetString()!.Length > 0, where);
                Assert.True(match.GetProperty("reason_en").GetString()!.Length > 0, where);
            }
            var candidates = match.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("target_id").GetGuid()).ToList();
            foreach (var candidate in expected.Candidates ?? []) Assert.True(candidates.Contains(candidate), where);
            var issues = item.GetProperty("issues").EnumerateArray().ToList();
            foreach (var field in expected.Warnings ?? [])
                Assert.True(issues.Any(i => i.GetProperty("field").GetString() == field && !i.GetProperty("blocking").GetBoolean()), where);
            foreach (var field in expected.IssueFields ?? [])
                Assert.True(issues.Any(i => i.GetProperty("field").GetString() == field && i.GetProperty("blocking").GetBoolean()
                                            && i.GetProperty("reason_ja").GetString()!.Length > 0), where);
            if (expected.Outcome is "create" or "needs_review") Assert.True(issues.All(i => !i.GetProperty("blocking").GetBoolean()), where);
            if (expected.SupersededBy is { } by) Assert.True(by == item.GetProperty("superseded_by").GetInt32(), where);
            // What a commit would store is shown with Japanese labels.
            if (expected.Outcome == "create")
                Assert.True(item.GetProperty("values").GetProperty("activity_types").EnumerateArray().All(c => c.GetProperty("label_ja").GetString()!.Length > 0), where);
        }
    }

    private static bool JsonEquals(object? expected, JsonElement actual) =>
        JsonSerializer.SerializeToElement(expected).ValueKind == JsonValueKind.Null
            ? actual.ValueKind == JsonValueKind.Null
            : JsonSerializer.Serialize(JsonSerializer.SerializeToElement(expected)) == JsonSerializer.Serialize(actual);
}
