using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Npgsql;
using ResourceMap.IntegrationTests.Infrastructure;
using static ResourceMap.IntegrationTests.Surveys.SurveySamples;

namespace ResourceMap.IntegrationTests.Surveys;

/// <summary>Every bad file is a clear problem (or a row error) and leaves nothing behind.</summary>
[Collection(ApiCollection.Name)]
public class SurveyBadInputTests(ApiFixture api)
{
    private const string Validation = "urn:resourcemap:problem:validation";
    private const string Unsupported = "urn:resourcemap:problem:unsupported-media-type";
    private static readonly string Header = "団体名,法人番号,所在地,活動の種類";

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private async Task<(Guid Survey, HttpClient Editor)> SurveyAsync()
    {
        var editor = api.Editor();
        var survey = await CreateSurveyAsync(editor);
        await ImportTargetsAsync(editor, survey);
        return (survey, editor);
    }

    private async Task<string> RejectedAsync(Guid survey, HttpClient editor, byte[] bytes, string name, int status, string type,
        string query = "")
    {
        var problem = await (await ImportAnswersAsync(editor, survey, bytes, name, "commit", query)).ProblemAsync(status, type);
        await AssertNothingWrittenAsync(survey);
        return problem.GetProperty("detail").GetString()!;
    }

    private async Task AssertNothingWrittenAsync(Guid survey)
    {
        await using var db = await api.OpenDatabaseAsync();
        var written = (long)(await new NpgsqlCommand($"""
            SELECT (SELECT count(*) FROM survey_imports WHERE survey_id = '{survey}' AND kind = 'answers')
                 + (SELECT count(*) FROM survey_answer_rows WHERE survey_id = '{survey}')
                 + (SELECT count(*) FROM survey_answers WHERE survey_id = '{survey}')
            """, db).ExecuteScalarAsync())!;
        Assert.Equal(0, written);
    }

    [Fact]
    public async Task Empty_file_missing_and_duplicate_headers_are_rejected_whole()
    {
        var (survey, editor) = await SurveyAsync();
        Assert.Contains("empty", await RejectedAsync(survey, editor, [], "answers.csv", 400, Validation));
        Assert.Contains("empty", await RejectedAsync(survey, editor, [0xEF, 0xBB, 0xBF], "answers.csv", 400, Validation));
        var missing = await RejectedAsync(survey, editor, Utf8("名前,住所\r\nA,B\r\n"), "answers.csv", 400, Validation);
        Assert.Contains("organization_name", missing);
        Assert.Contains("団体名", missing);
        var duplicate = await RejectedAsync(survey, editor, Utf8("団体名,所在地,団体名\r\nA,B,C\r\n"), "answers.csv", 400, Validation);
        Assert.Contains("団体名", duplicate);
        Assert.Contains("columns 1, 3", duplicate);
        Assert.Contains("団体名", (await (await ImportAnswersAsync(editor, survey, Utf8("団体名,所在地,団体名\r\nA,B,C\r\n"), "answers.csv", "commit"))
            .ProblemAsync(400, Validation)).GetProperty("detail_ja").GetString());
    }

    [Fact]
    public async Task Wrong_and_mixed_encodings_are_rejected()
    {
        var (survey, editor) = await SurveyAsync();
        // A Shift_JIS file declared as UTF-8.
        Assert.Contains("UTF-8", await RejectedAsync(survey, editor, Read(AnswersCsv), AnswersCsv, 400, Validation, "&encoding=utf-8"));
        // UTF-8 for the first 64 KB (so detection says UTF-8), then a Shift_JIS row.
        var builder = new StringBuilder(Header + "\r\n");
        while (Encoding.UTF8.GetByteCount(builder.ToString()) < 80_000) builder.Append("NPO法人 テスト,,登別市幌別町1丁目,居場所づくり\r\n");
        var mixed = Encoding.UTF8.GetBytes(builder.ToString()).Concat(ShiftJis.GetBytes("NPO法人 しふとじす,,登別市,居場所づくり\r\n")).ToArray();
        var detail = await RejectedAsync(survey, editor, mixed, "mixed.csv", 400, Validation);
        Assert.Contains("mixes encodings", detail);
        Assert.Contains("UTF-8", detail);
        Assert.Contains("auto", await RejectedAsync(survey, editor, Read(AnswersCsv), AnswersCsv, 400, Validation, "&encoding=latin-9"));
    }

    [Fact]
    public async Task Oversized_rows_and_cells_are_rejected()
    {
        var (survey, editor) = await SurveyAsync();
        var wide = Header + "\r\n" + "NPO法人 ひろい" + new string(',', 9_999) + "\r\n";
        Assert.Contains("10000 columns", await RejectedAsync(survey, editor, Utf8(wide), "wide.csv", 400, Validation));
        var big = Header + "\r\n\"" + new string('あ', 40_000) + "\",,登別市,居場所づくり\r\n";
        var detail = await RejectedAsync(survey, editor, Utf8(big), "big.csv", 400, Validation);
        Assert.Contains("40,000", detail);
        Assert.Contains("団体名", detail);
    }

    [Fact]
    public async Task A_multipart_body_cut_off_before_its_end_is_a_400_naming_the_file_part()
    {
        var (survey, editor) = await SurveyAsync();
        foreach (var body in new[]
        {
            "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n団体名\r\n",   // no closing boundary
            "--x\r\n\r\n",                                                                                 // a part without headers
        })
        {
            var content = new ByteArrayContent(Utf8(body));
            content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=x");
            var response = await editor.PostAsync($"/api/surveys/{survey}/answers/import?mode=dry_run", content);
            var problem = await response.ProblemAsync(400, Validation);
            Assert.Contains("malformed or cut off", problem.GetProperty("errors").GetProperty("file")[0].GetString());
        }
    }

    [Fact]
    public async Task Files_that_are_not_what_their_name_says_are_415()
    {
        var (survey, editor) = await SurveyAsync();
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x01];
        Assert.Contains("not CSV text", await RejectedAsync(survey, editor, png, "answers.csv", 415, Unsupported));
        Assert.Contains("ZIP", await RejectedAsync(survey, editor, Read(AnswersXlsx), "answers.csv", 415, Unsupported));
        Assert.Contains("not an Excel workbook", await RejectedAsync(survey, editor, Read(AnswersCsv), "answers.xlsx", 415, Unsupported));
        // A compound document without a workbook in it (a Word .doc, say) named .xls.
        var document = new NPOI.POIFS.FileSystem.POIFSFileSystem();
        document.CreateDocument(new MemoryStream(new byte[5000]), "WordDocument");
        using var bytes = new MemoryStream();
        document.WriteFileSystem(bytes);
        Assert.Contains("not a readable Excel 97-2003 workbook", await RejectedAsync(survey, editor, bytes.ToArray(), "answers.xls", 415, Unsupported));
    }

    [Fact]
    public async Task A_file_over_the_upload_limit_is_413_before_it_is_read()
    {
        var (survey, editor) = await SurveyAsync();
        var content = new StreamContent(new ZeroStream(50L * 1024 * 1024 + 1));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
        var response = await editor.PostAsync($"/api/surveys/{survey}/answers/import?mode=commit", content);
        var problem = await response.ProblemAsync(413, "urn:resourcemap:problem:payload-too-large");
        Assert.Contains("52428800", problem.GetProperty("detail").GetString());
        await AssertNothingWrittenAsync(survey);
    }

    [Fact]
    public async Task A_row_without_a_name_is_its_target_s_answer_when_its_corporate_number_says_so()
    {
        var (survey, editor) = await SurveyAsync();
        var text = Header + "\r\n"
            + ",5816457786208,登別市新生町3-24-20,居場所づくり\r\n"        // a target's valid 法人番号
            + ",法人番号なし,登別市幌別町1丁目,居場所づくり\r\n";          // nothing to say whose answer it is
        var report = await (await ImportAnswersAsync(editor, survey, Utf8(text), "no-name.csv", "commit")).JsonAsync(200);
        Assert.Equal((1, 1), (report.GetProperty("created").GetInt32(), report.GetProperty("rejected").GetInt32()));
        var items = report.GetProperty("items");
        Assert.Equal(("create", "corporate_number"), (items[0].GetProperty("outcome").GetString(), items[0].GetProperty("match").GetProperty("by").GetString()));
        Assert.Equal("特定非営利活動法人のぼりべつ子ども食堂ネット", items[0].GetProperty("organization_name").GetString());
        var warning = items[0].GetProperty("issues").EnumerateArray().Single();
        Assert.Equal(("organization_name", false), (warning.GetProperty("field").GetString(), warning.GetProperty("blocking").GetBoolean()));
        Assert.Equal("rejected", items[1].GetProperty("outcome").GetString());
        Assert.Contains(items[1].GetProperty("issues").EnumerateArray(), i => i.GetProperty("reason_en").GetString() == "The organisation name is empty.");
    }

    [Fact]
    public async Task Row_errors_reject_only_their_row_and_formulas_are_neutralised_in_csv_reports()
    {
        var (survey, editor) = await SurveyAsync();
        var text = Header + "\r\n"
            + "=HYPERLINK(\"http://example.org\"),,登別市幌別町1丁目,居場所づくり\r\n"
            + "NPO法人 のぼりべつふれあいサロンの会,1234567890123,登別市登別東町5丁目,居場所づくり\r\n"
            + "NPO法人 とおくの会,,札幌市中央区北一条西二丁目,居場所づくり\r\n";
        var report = await (await ImportAnswersAsync(editor, survey, Utf8(text), "rows.csv")).JsonAsync(200);
        Assert.Equal(2, report.GetProperty("rejected").GetInt32());
        Assert.Equal(1, report.GetProperty("needs_review").GetInt32());
        var items = report.GetProperty("items");
        Assert.Equal("rejected", items[0].GetProperty("match").GetProperty("status").GetString());
        // An invalid 法人番号 is never matched: the row waits for review by name.
        Assert.Equal("needs_review", items[1].GetProperty("outcome").GetString());
        Assert.Contains(items[1].GetProperty("issues").EnumerateArray(), i => i.GetProperty("field").GetString() == "corporate_number");
        Assert.Contains(items[2].GetProperty("issues").EnumerateArray(),
            i => i.GetProperty("field").GetString() == "address" && i.GetProperty("reason_ja").GetString()!.Contains("調査対象地域の外"));

        var csv = await ImportAnswersAsync(editor, survey, Utf8(text), "rows.csv", query: "&format=csv");
        var body = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());
        Assert.Contains("'=HYPERLINK", body);
        Assert.DoesNotContain(",=HYPERLINK", body);
        Assert.DoesNotContain("\"=HYPERLINK", body);

        // Committing a file whose rows are all rejected or held for review archives them, and changes no answer.
        var commit = await (await ImportAnswersAsync(editor, survey, Utf8(text), "rows.csv", "commit")).JsonAsync(200);
        Assert.Equal(2, commit.GetProperty("rejected").GetInt32());
        var progress = (await (await api.Anonymous().GetAsync($"/api/surveys/{survey}")).JsonAsync(200)).GetProperty("progress");
        Assert.Equal(0, progress.GetProperty("response_rate").GetProperty("answered").GetInt32());
    }

    [Fact]
    public async Task Imports_need_a_staff_key()
    {
        var survey = await CreateSurveyAsync(api.Editor());
        var response = await api.Anonymous().PostAsync($"/api/surveys/{survey}/answers/import?mode=dry_run", Form(Read(AnswersCsv), AnswersCsv));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await (await api.Editor().PostAsync($"/api/surveys/{survey}/answers/import?mode=later", Form(Read(AnswersCsv), AnswersCsv)))
            .ProblemAsync(400, Validation);
    }

    /// <summary>A body of a given length that is produced on demand, so the test never allocates it.</summary>
    private sealed class ZeroStream(long length) : Stream
    {
        private long _position;
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => _position = value; }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            Array.Clear(buffer, offset, n);
            _position += n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => _position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => length + offset,
        };
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
