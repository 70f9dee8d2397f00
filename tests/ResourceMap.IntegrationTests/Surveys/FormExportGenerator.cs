using System.Globalization;
using System.Text;

namespace ResourceMap.IntegrationTests.Surveys;

/// <summary>A survey target as the generator uses it (from GET /api/surveys/{id}/targets).</summary>
public sealed record GenTarget(Guid Id, string Name, string CorporateNumber, string Address)
{
    /// <summary>The name without the register's legal-form prefix.</summary>
    public string Core => Name.Replace("特定非営利活動法人", "", StringComparison.Ordinal);
}

/// <summary>What a row of a generated file must become.</summary>
/// <param name="Stored">Fields of the stored answer (snake_case, as in survey_answers.data) and their expected JSON values.</param>
/// <param name="Warnings">Fields that must carry a non-blocking issue.</param>
/// <param name="Candidates">Targets a needs_review row must offer.</param>
/// <param name="IssueFields">Fields that must carry a blocking issue (rejected rows).</param>
public sealed record ExpectedRow(int Row, string Outcome, string Match, string? By = null, Guid? Target = null,
    IReadOnlyDictionary<string, object?>? Stored = null, IReadOnlyList<string>? Warnings = null, IReadOnlyList<Guid>? Candidates = null,
    IReadOnlyList<string>? IssueFields = null, int? SupersededBy = null);

/// <param name="Profile">A mapping profile to create first (body of PUT /api/mapping-profiles/{id}); null: the survey's default.</param>
public sealed record ExportShape(string Name, string FileName, byte[] Bytes, IReadOnlyList<ExpectedRow> Rows,
    Dictionary<string, object?>? Profile = null, string? Sheet = null, int HeaderRow = 1, IReadOnlyList<string>? IgnoredHeaders = null);

/// <summary>
/// Writes answer files in the shapes municipal staff receive: Google Forms CSV, Microsoft Forms XLSX, Excel-re-saved
/// CP932 with extension characters, title rows, a 集計 sheet in front, a coded sheet with one column per option,
/// unquoted commas, duplicate submissions, conflicting name/法人番号, Excel-mangled numbers and phones, half-width
/// kana and legal forms as suffixes, duplicate unmapped headers, close and unknown names, numbered questions and options,
/// Excel's tab-separated and Unicode text, Excel 97-2003 workbooks, exports pasted together, other wordings of the options and an address in another municipality. Each row carries what it
/// must become. The rows are built from the survey's real targets, so other target lists give other files.
/// Set RESOURCEMAP_WRITE_EXPORTS=dir to also write the files (see FormExportImportTests).
/// </summary>
public static class FormExportGenerator
{
    static FormExportGenerator() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static IReadOnlyList<ExportShape> Shapes(IReadOnlyList<GenTarget> t)
    {
        if (t.Count < 40) throw new ArgumentException("The generator needs at least 40 targets.");
        var shapes = new List<ExportShape>();
        string Q(string s) => $"\"{s.Replace("\"", "\"\"")}\"";
        string Csv(params string[][] rows) => string.Concat(rows.Select(r => string.Join(",", r) + "\r\n"));
        string Tsv(params string[][] rows) => string.Concat(rows.Select(r => string.Join("\t", r) + "\r\n"));
        byte[] Utf8Bom(string s) => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(s)];

        // 1. Google Forms: UTF-8 with BOM, every cell quoted, multi-select joined by ", ", typed その他 text as a bare option.
        shapes.Add(new("google-forms", "google-forms.csv", Utf8Bom(Csv(
            ["タイムスタンプ", "団体名", "法人番号", "所在地", "電話番号", "活動の種類", "活動内容（自由記述）"],
            [Q("2024/02/06 10:15:00"), Q(t[0].Name), Q(t[0].CorporateNumber), Q(t[0].Address), Q("0143-11-2222"), Q("居場所づくり, 遊び場づくり"), Q("毎週木曜、\n子ども食堂を開いています。")],
            [Q("2024/02/07 8:01:30"), Q("NPO法人 " + t[1].Core), Q(""), Q(t[1].Address), Q(""), Q("相談窓口の開設"), Q("")])),
            [
                new(2, "create", "matched", "corporate_number", t[0].Id, new Dictionary<string, object?>
                {
                    ["activity_types"] = new[] { "ibasho", "other" }, ["other_activity"] = "遊び場づくり", ["phone"] = "0143-11-2222",
                    ["activity_description"] = "毎週木曜、\n子ども食堂を開いています。", ["submitted_at"] = "2024-02-06T10:15:00+09:00",
                }),
                new(3, "create", "matched", "name_and_legal_form", t[1].Id, new Dictionary<string, object?> { ["activity_types"] = new[] { "consultation" }, ["corporate_number"] = null }),
            ]));

        // 2. Microsoft Forms XLSX: ID / 開始時刻 / 完了時刻 / メール / 名前 first, multi-select joined by ";", numbers typed as numbers.
        shapes.Add(new("microsoft-forms", "microsoft-forms.xlsx", XlsxWriter.Write([("Sheet1", [
            ["ID", "開始時刻", "完了時刻", "メール", "名前", "団体名", "法人番号", "所在地", "電話番号", "活動の種類"],
            [1L, new DateTime(2024, 2, 8, 9, 0, 0), new DateTime(2024, 2, 8, 9, 12, 5), "anonymous", null, t[2].Name, long.Parse(t[2].CorporateNumber, CultureInfo.InvariantCulture), t[2].Address, 143223344L, "居場所づくり;相談窓口の開設;"],
            [2L, new DateTime(2024, 2, 9, 14, 0, 0), new DateTime(2024, 2, 9, 14, 3, 0), "anonymous", null, t[3].Name, "T" + t[3].CorporateNumber, t[3].Address, "090-1234-5678", "アウトリーチ支援;"],
        ])]),
            [
                new(2, "create", "matched", "corporate_number", t[2].Id, new Dictionary<string, object?>
                {
                    ["phone"] = "0143223344", ["activity_types"] = new[] { "ibasho", "consultation" }, ["response_id"] = "1", ["submitted_at"] = "2024-02-08T09:12:05+09:00",
                }, Warnings: ["phone"]),
                new(3, "create", "matched", "corporate_number", t[3].Id, new Dictionary<string, object?> { ["corporate_number"] = t[3].CorporateNumber, ["activity_types"] = new[] { "outreach" } }),
            ], Sheet: "Sheet1", IgnoredHeaders: ["開始時刻", "メール", "名前"]));

        // 3. A form tool's CSV re-saved by Excel for Windows: CP932 with NEC and IBM extension characters, nothing quoted.
        byte[] description = [.. Sjis("丸数字"), 0x87, 0x40, 0x87, 0x41, .. Sjis("と"), 0xFB, 0xFC, 0xFA, 0xB1, 0x87, 0x90, 0xED, 0x40, 0xFA, 0x40];
        shapes.Add(new("excel-cp932", "excel-cp932.csv",
            [.. Sjis("団体名,法人番号,所在地,活動の種類,活動内容（自由記述）\r\n"), .. Sjis($"{t[4].Name},{t[4].CorporateNumber},{t[4].Address},居場所づくり,"), .. description, .. Sjis("\r\n")],
            [new(2, "create", "matched", "corporate_number", t[4].Id, new Dictionary<string, object?> { ["activity_description"] = "丸数字①②と髙﨑≒纊ⅰ" })]));

        // 4. A staff-typed sheet with title rows above the header: row numbers stay the spreadsheet's.
        shapes.Add(new("title-rows", "title-rows.csv", Encoding.UTF8.GetBytes(Csv(
            ["令和6年度 地域資源調査 回答一覧"], ["出力日", "2024/03/01"], [""],
            ["団体名", "法人番号", "所在地", "活動の種類"],
            [t[5].Name, t[5].CorporateNumber, t[5].Address, "居場所づくり"],
            [t[6].Name, t[6].CorporateNumber, t[6].Address, "相談窓口"])),
            [new(5, "create", "matched", "corporate_number", t[5].Id), new(6, "create", "matched", "corporate_number", t[6].Id)], HeaderRow: 4));

        // 5. A workbook with a 集計 sheet in front of the answers.
        shapes.Add(new("second-sheet", "second-sheet.xlsx", XlsxWriter.Write([
            ("集計", [["活動の種類", "件数"], ["居場所づくり", 3L], ["相談窓口", 1L]]),
            ("回答", [["団体名", "法人番号", "所在地", "活動の種類"], [t[7].Name, t[7].CorporateNumber, t[7].Address, "居場所づくり、相談窓口"]]),
        ]), [new(2, "create", "matched", "corporate_number", t[7].Id, new Dictionary<string, object?> { ["activity_types"] = new[] { "ibasho", "consultation" } })],
            Sheet: "回答"));

        // 6. A coded entry sheet: title rows, coded answers 1/2/3, one column per option with ○/●/1, a separate その他 text
        //    column, and the address split into 市町村 + 住所.
        var (city8, rest8) = SplitCity(t[8].Address);
        shapes.Add(new("coded-sheet", "coded-sheet.xlsx", XlsxWriter.Write([("入力", [
            ["地域資源調査 入力シート（コード表は別紙）"],
            [null],
            ["団体名", "法人番号", "市町村", "住所", "活動範囲", "必要性", "居場所", "相談窓口", "アウトリーチ", "その他", "その他の内容"],
            [t[8].Name, t[8].CorporateNumber, city8, rest8, 2L, 1L, "○", null, null, 1L, "遊び場づくり"],
            [t[9].Name, t[9].CorporateNumber, null, t[9].Address, 1L, 2L, null, null, "●", null, null],
        ])]),
            [
                new(4, "create", "matched", "corporate_number", t[8].Id, new Dictionary<string, object?>
                {
                    ["activity_scope"] = "municipality", ["need_to_act"] = true, ["activity_types"] = new[] { "ibasho", "other" },
                    ["other_activity"] = "遊び場づくり", ["address"] = Clean(t[8].Address),
                }),
                new(5, "create", "matched", "corporate_number", t[9].Id, new Dictionary<string, object?>
                {
                    ["activity_scope"] = "part_of_municipality", ["need_to_act"] = false, ["activity_types"] = new[] { "outreach" }, ["address"] = Clean(t[9].Address),
                }),
            ],
            Profile: new Dictionary<string, object?>
            {
                ["name"] = "コード入力シート", ["kind"] = "answers", ["municipality_code"] = null,
                ["columns"] = new Dictionary<string, string[]>
                {
                    ["organization_name"] = ["団体名"], ["corporate_number"] = ["法人番号"], ["activity_scope"] = ["活動範囲"], ["need_to_act"] = ["必要性"],
                },
                ["options"] = new Dictionary<string, object?>
                {
                    ["header_row"] = 3,
                    ["value_maps"] = new Dictionary<string, Dictionary<string, string>>
                    {
                        ["activity_scope"] = new() { ["1"] = "part_of_municipality", ["2"] = "municipality", ["3"] = "multiple_municipalities" },
                        ["need_to_act"] = new() { ["1"] = "yes", ["2"] = "no" },
                    },
                    ["option_columns"] = new Dictionary<string, Dictionary<string, string>>
                    {
                        ["activity_types"] = new() { ["居場所"] = "ibasho", ["相談窓口"] = "consultation", ["アウトリーチ"] = "outreach", ["その他"] = "other" },
                    },
                    ["other_text_columns"] = new Dictionary<string, string[]> { ["activity_types"] = ["その他の内容"] },
                    ["joined_columns"] = new Dictionary<string, string[][]> { ["address"] = [["市町村"], ["住所"]] },
                },
            }, HeaderRow: 3));

        // 7. A hand-rolled export that never quotes: a comma inside an answer shifts the cells; that row is rejected.
        shapes.Add(new("unquoted-commas", "unquoted-commas.csv", Encoding.UTF8.GetBytes(Csv(
            ["団体名", "法人番号", "所在地", "活動内容（自由記述）"],
            [t[10].Name, t[10].CorporateNumber, t[10].Address, "子ども食堂"],
            [t[11].Name, t[11].CorporateNumber, t[11].Address, "子ども食堂、学習支援,フードバンク"],
            [t[12].Name, t[12].CorporateNumber, t[12].Address, "見守り"])),
            [
                new(2, "create", "matched", "corporate_number", t[10].Id, new Dictionary<string, object?> { ["activity_description"] = "子ども食堂" }),
                new(3, "rejected", "matched", "corporate_number", t[11].Id, IssueFields: ["columns"]),
                new(4, "create", "matched", "corporate_number", t[12].Id, new Dictionary<string, object?> { ["activity_description"] = "見守り" }),
            ]));

        // 8. Duplicate submissions: the later timestamp wins wherever it is in the file; the other row is superseded.
        shapes.Add(new("duplicate-submissions", "duplicate-submissions.csv", Encoding.UTF8.GetBytes(Csv(
            ["タイムスタンプ", "団体名", "法人番号", "所在地", "活動の種類"],
            ["2024/02/10 12:00:00", t[13].Name, t[13].CorporateNumber, t[13].Address, "相談窓口の開設"],
            ["2024/02/08 09:00:00", t[13].Name, t[13].CorporateNumber, t[13].Address, "居場所づくり"],
            ["2024/02/09 09:00:00", t[14].Name, "", t[14].Address, "居場所づくり"],
            ["2024/02/11 09:00:00", t[14].Name, t[14].CorporateNumber, t[14].Address, "アウトリーチ支援"])),
            [
                new(2, "create", "matched", "corporate_number", t[13].Id, new Dictionary<string, object?> { ["activity_types"] = new[] { "consultation" } }),
                new(3, "superseded", "matched", "corporate_number", t[13].Id, SupersededBy: 2),
                new(4, "superseded", "matched", "name_and_legal_form", t[14].Id, SupersededBy: 5),
                new(5, "create", "matched", "corporate_number", t[14].Id, new Dictionary<string, object?> { ["activity_types"] = new[] { "outreach" } }),
            ]));

        // 9. Conflicts: a name and a 法人番号 of two different targets; a non-target 一般社団法人 with the same name and its own
        //    valid number; the same name with another legal form. None of them may be matched automatically.
        shapes.Add(new("conflicting", "conflicting.csv", Encoding.UTF8.GetBytes(Csv(
            ["団体名", "法人番号", "所在地", "組織形態"],
            [t[15].Name, t[16].CorporateNumber, t[15].Address, "NPO法人"],
            ["一般社団法人" + t[17].Core, ValidNumber("100000000017"), t[17].Address, "一般社団法人"],
            ["一般社団法人 " + t[18].Core, "", t[18].Address, ""])),
            [
                new(2, "needs_review", "needs_review", Candidates: [t[15].Id, t[16].Id]),
                new(3, "needs_review", "needs_review", Candidates: [t[17].Id]),
                new(4, "needs_review", "needs_review", Candidates: [t[18].Id]),
            ]));

        // 10. Numbers Excel mangled or people decorated: scientific notation, apostrophe, placeholders, T + hyphens,
        //     full-width digits; phones without their leading 0.
        shapes.Add(new("excel-mangled", "excel-mangled.csv", Encoding.UTF8.GetBytes(Csv(
            ["団体名", "法人番号", "所在地", "電話番号"],
            [t[19].Name, Scientific(t[19].CorporateNumber), t[19].Address, ""],
            [t[20].Name, "'" + t[20].CorporateNumber, t[20].Address, "143851234"],
            [t[21].Name, "なし", t[21].Address, ""],
            [t[22].Name, "ー", t[22].Address, "12345"],
            [t[23].Name, $"T{t[23].CorporateNumber[..1]}-{t[23].CorporateNumber[1..5]}-{t[23].CorporateNumber[5..9]}-{t[23].CorporateNumber[9..]}", t[23].Address, "8012345678"],
            [t[24].Name, FullWidth(t[24].CorporateNumber), t[24].Address, ""])),
            [
                new(2, "needs_review", "needs_review", Candidates: [t[19].Id], Warnings: ["corporate_number"]),
                new(3, "create", "matched", "corporate_number", t[20].Id, new Dictionary<string, object?> { ["phone"] = "0143851234", ["corporate_number"] = t[20].CorporateNumber }, Warnings: ["phone"]),
                new(4, "create", "matched", "name_and_legal_form", t[21].Id, new Dictionary<string, object?> { ["corporate_number"] = null }),
                new(5, "create", "matched", "name_and_legal_form", t[22].Id, new Dictionary<string, object?> { ["phone"] = "12345" }),
                new(6, "create", "matched", "corporate_number", t[23].Id, new Dictionary<string, object?> { ["phone"] = "08012345678" }, Warnings: ["phone"]),
                new(7, "create", "matched", "corporate_number", t[24].Id),
            ]));

        // 11. Names as people write them: half-width katakana, the legal form as a suffix or abbreviation, old kanji.
        var variant = t.Skip(32).First(x => x.Core.IndexOfAny(['会', '高', '崎', '芸']) >= 0);
        shapes.Add(new("name-variants", "name-variants.csv", Encoding.UTF8.GetBytes(Csv(
            ["団体名", "所在地"],
            [HalfWidthKana(t[26].Core) + "（NPO法人）", t[26].Address],
            [t[27].Core + "（特定非営利活動法人）", t[27].Address],
            ["特非 " + t[28].Core, t[28].Address],
            ["NPO法人" + OldForms(variant.Core), variant.Address])),
            [
                new(2, "create", "matched", "name_and_legal_form", t[26].Id),
                new(3, "create", "matched", "name_and_legal_form", t[27].Id),
                new(4, "create", "matched", "name_and_legal_form", t[28].Id),
                new(5, "create", "matched", "name_and_legal_form", variant.Id),
            ]));

        // 12. Two unmapped columns with the same title are ignored.
        shapes.Add(new("duplicate-unmapped-headers", "duplicate-headers.csv", Encoding.UTF8.GetBytes(Csv(
            ["団体名", "備考", "法人番号", "備考", "所在地"],
            [t[29].Name, "メモ1", t[29].CorporateNumber, "メモ2", t[29].Address])),
            [new(2, "create", "matched", "corporate_number", t[29].Id)], IgnoredHeaders: ["備考", "備考"]));

        // 13. A close but not equal name goes to review with the target as candidate; an unknown organisation is rejected.
        shapes.Add(new("close-and-unknown-names", "close-names.csv", Encoding.UTF8.GetBytes(Csv(
            ["団体名", "所在地"],
            ["NPO法人 " + t[30].Core + "の会", t[30].Address],
            ["札幌まるまる協議会テスト", t[31].Address])),
            [
                new(2, "needs_review", "needs_review", Candidates: [t[30].Id]),
                new(3, "rejected", "rejected"),
            ]));

        // 14. A form whose questions and options carry numbers and required marks, as many form tools print them.
        shapes.Add(new("numbered-questions", "numbered-questions.csv", Utf8Bom(Csv(
            ["タイムスタンプ", "Q1. 団体名（必須）", "Q2. 法人番号", "Q3. 所在地 *", "Q4. 活動の種類"],
            [Q("2024/02/12 9:30:00"), Q(t[32].Name), Q(t[32].CorporateNumber), Q(t[32].Address), Q("1. 居場所づくり, 2. 相談窓口の開設")],
            [Q("2024/02/12 11:00:00"), Q(t[33].Name), Q(t[33].CorporateNumber), Q(t[33].Address), Q("③アウトリーチ支援")])),
            [
                new(2, "create", "matched", "corporate_number", t[32].Id, new Dictionary<string, object?> { ["activity_types"] = new[] { "ibasho", "consultation" } }),
                new(3, "create", "matched", "corporate_number", t[33].Id, new Dictionary<string, object?> { ["activity_types"] = new[] { "outreach" } }),
            ]));

        // 15. Excel's "Unicode text": UTF-16 LE with BOM, tabs between cells, only cells with a line break quoted;
        //     staff send it as .txt. Commas inside answers are text, not separators.
        shapes.Add(new("excel-unicode-text", "answers-unicode.txt", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Tsv(
            ["タイムスタンプ", "団体名", "法人番号", "所在地", "活動の種類", "活動内容（自由記述）"],
            ["2024/02/13 10:00:00", t[34].Name, t[34].CorporateNumber, t[34].Address, "居場所づくり, 相談窓口の開設", Q("月・水に開所。\n送迎あり, 予約不要")],
            ["2024/02/13 11:30:00", t[35].Name, t[35].CorporateNumber, t[35].Address, "アウトリーチ支援", "戸別訪問, 電話"]))],
            [
                new(2, "create", "matched", "corporate_number", t[34].Id, new Dictionary<string, object?>
                {
                    ["activity_types"] = new[] { "ibasho", "consultation" }, ["activity_description"] = "月・水に開所。\n送迎あり, 予約不要",
                }),
                new(3, "create", "matched", "corporate_number", t[35].Id, new Dictionary<string, object?>
                {
                    ["activity_types"] = new[] { "outreach" }, ["activity_description"] = "戸別訪問, 電話",
                }),
            ]));

        // 16. Excel's "text (tab-separated)": Windows-31J with extension characters, renamed .csv by staff.
        shapes.Add(new("excel-tab-cp932", "answers-tab.csv",
            [.. Sjis(Tsv(["団体名", "法人番号", "所在地", "活動の種類", "活動内容（自由記述）"])), .. Sjis($"{t[36].Name}\t{t[36].CorporateNumber}\t{t[36].Address}\t居場所づくり\t"), .. description, .. Sjis("\r\n")],
            [new(2, "create", "matched", "corporate_number", t[36].Id, new Dictionary<string, object?> { ["activity_types"] = new[] { "ibasho" }, ["activity_description"] = "丸数字①②と髙﨑≒纊ⅰ" })]));

        // 17. An Excel 97-2003 workbook (.xls): a 集計 sheet first, a title row, 法人番号 and phone typed as numbers, a real date.
        shapes.Add(new("excel-97-2003", "answers.xls", XlsWriter.Write([
            ("集計", [["活動の種類", "件数"], ["居場所づくり", 1L]]),
            ("回答", [
                ["地域資源調査 回答（令和6年2月）"],
                ["タイムスタンプ", "団体名", "法人番号", "所在地", "電話番号", "活動の種類"],
                [new DateTime(2024, 2, 14, 15, 30, 0), t[37].Name, long.Parse(t[37].CorporateNumber, CultureInfo.InvariantCulture), t[37].Address, 143551234L, "居場所づくり、相談窓口"],
                [new DateTime(2024, 2, 15, 9, 0, 0), t[38].Name, null, t[38].Address, "0142-22-3333", "アウトリーチ"],
            ]),
        ]),
            [
                new(3, "create", "matched", "corporate_number", t[37].Id, new Dictionary<string, object?>
                {
                    ["phone"] = "0143551234", ["activity_types"] = new[] { "ibasho", "consultation" }, ["submitted_at"] = "2024-02-14T15:30:00+09:00",
                }, Warnings: ["phone"]),
                new(4, "create", "matched", "name_and_legal_form", t[38].Id, new Dictionary<string, object?> { ["phone"] = "0142-22-3333", ["activity_types"] = new[] { "outreach" } }),
            ], Sheet: "回答", HeaderRow: 2));

        // 18. Two staff-typed exports pasted one under the other: Japanese dates (era and 年月日), yes/no as written, a
        //     法人番号 with its label, the second header row and a 合計 row in between, which are reported, not imported.
        shapes.Add(new("pasted-exports", "pasted-exports.csv", Encoding.UTF8.GetBytes(Csv(
            ["タイムスタンプ", "団体名", "法人番号", "孤独・孤立対策に関する活動を行っていますか"],
            ["令和6年2月16日 9:00", t[39].Name, "法人番号：" + t[39].CorporateNumber, "行っている"],
            ["合計", "1", "", ""],
            ["タイムスタンプ", "団体名", "法人番号", "孤独・孤立対策に関する活動を行っていますか"],
            ["2024年2月17日 10時30分", t[25].Name, t[25].CorporateNumber, "いいえ（予定あり）"])),
            [
                new(2, "create", "matched", "corporate_number", t[39].Id, new Dictionary<string, object?>
                {
                    ["corporate_number"] = t[39].CorporateNumber, ["submitted_at"] = "2024-02-16T09:00:00+09:00", ["active_against_isolation"] = true,
                }),
                new(3, "rejected", "rejected"),
                new(4, "rejected", "rejected", IssueFields: ["row"]),
                new(5, "create", "matched", "corporate_number", t[25].Id, new Dictionary<string, object?>
                {
                    ["submitted_at"] = "2024-02-17T10:30:00+09:00", ["active_against_isolation"] = false,
                }),
            ]));

        // 19. Another form's wording of the same options (市内全域, 週1回, 近隣市町村 …): read as the taxonomy's codes, not
        //     kept as unknown options.
        shapes.Add(new("other-wording", "other-wording.csv", Encoding.UTF8.GetBytes(Csv(
            ["団体名", "法人番号", "活動の範囲", "活動頻度"],
            [t[0].Name, t[0].CorporateNumber, "市内全域", "週1回"],
            [t[1].Name, t[1].CorporateNumber, "町内の一部地域", "月に1回"],
            [t[2].Name, t[2].CorporateNumber, "近隣市町村", "随時"])),
            [
                new(2, "create", "matched", "corporate_number", t[0].Id, new Dictionary<string, object?> { ["activity_scope"] = "municipality", ["frequency"] = "weekly", ["unknown_options"] = new Dictionary<string, string[]>() }),
                new(3, "create", "matched", "corporate_number", t[1].Id, new Dictionary<string, object?> { ["activity_scope"] = "part_of_municipality", ["frequency"] = "monthly" }),
                new(4, "create", "matched", "corporate_number", t[2].Id, new Dictionary<string, object?> { ["activity_scope"] = "multiple_municipalities", ["frequency"] = "irregular" }),
            ]));

        // 20. An organisation that answered with an address in another municipality than its target's: still matched by
        //     its unique name, but with a warning to check it.
        string CityOf(GenTarget x) => SplitCity(x.Address).City.Replace("北海道", "", StringComparison.Ordinal);
        var elsewhere = t.First(x => CityOf(x).Length > 0 && CityOf(x) != CityOf(t[3]));
        shapes.Add(new("address-elsewhere", "address-elsewhere.csv", Encoding.UTF8.GetBytes(Csv(
            ["団体名", "所在地"],
            [t[3].Name, elsewhere.Address])),
            [new(2, "create", "matched", "name_and_legal_form", t[3].Id, Warnings: ["address"])]));

        // 21. A staff sheet with merged header cells: 所在地 over 市町村 | 番地以降, 活動の種類 over one column per option
        //     ticked with ○/● or written out, その他 holding its text, and a yes/no question over はい | いいえ; the
        //     labels are in the row under the header.
        var (city10, rest10) = SplitCity(t[10].Address);
        var (city11, rest11) = SplitCity(t[11].Address);
        shapes.Add(new("merged-header", "merged-header.xlsx", XlsxWriter.Write([("回答", [
            ["令和6年度 地域資源調査 回答一覧"],
            ["団体名", "法人番号", "所在地", null, "活動の種類", null, null, null, "孤独・孤立対策に関する活動を行っていますか", null],
            [null, null, "市町村", "番地以降", "居場所づくり", "相談窓口", "アウトリーチ", "その他", "はい", "いいえ"],
            [t[10].Name, t[10].CorporateNumber, city10, rest10, "○", null, "○", null, "○", null],
            [t[11].Name, t[11].CorporateNumber, city11, rest11, null, "相談窓口", null, "子ども食堂", null, "○"],
        ])]),
            [
                new(4, "create", "matched", "corporate_number", t[10].Id, new Dictionary<string, object?>
                {
                    ["address"] = Clean(t[10].Address), ["activity_types"] = new[] { "ibasho", "outreach" }, ["active_against_isolation"] = true,
                }),
                new(5, "create", "matched", "corporate_number", t[11].Id, new Dictionary<string, object?>
                {
                    ["address"] = Clean(t[11].Address), ["activity_types"] = new[] { "consultation", "other" }, ["other_activity"] = "子ども食堂",
                    ["active_against_isolation"] = false,
                }),
            ], Sheet: "回答", HeaderRow: 2));

        // 22. Questions with a note after them, in brackets or on a line of their own, as form tools print their help
        //     texts; a separate その他 column of a question; two phone columns told apart only by their notes, which are
        //     not guessed between.
        shapes.Add(new("header-notes", "header-notes.csv", Utf8Bom(Csv(
            [Q("団体名（正式名称）"), Q("法人番号\n（13桁）"), Q("所在地\n（市町村から番地まで）"), Q("活動の種類（あてはまるものすべて）"),
                Q("活動の種類（その他）"), Q("活動頻度【最も近いもの】"), Q("電話番号（日中）"), Q("電話番号（夜間）")],
            [Q(t[4].Name), Q(t[4].CorporateNumber), Q(t[4].Address), Q("居場所づくり、相談窓口の開設"), Q(""), Q("毎週"), Q("0143-11-1111"), Q("0143-22-2222")],
            [Q(t[5].Name), Q(t[5].CorporateNumber), Q(t[5].Address), Q("その他"), Q("子ども食堂"), Q("月1回"), Q(""), Q("")])),
            [
                new(2, "create", "matched", "corporate_number", t[4].Id, new Dictionary<string, object?>
                {
                    ["address"] = Clean(t[4].Address), ["activity_types"] = new[] { "ibasho", "consultation" }, ["frequency"] = "weekly",
                }),
                new(3, "create", "matched", "corporate_number", t[5].Id, new Dictionary<string, object?>
                {
                    ["address"] = Clean(t[5].Address), ["activity_types"] = new[] { "other" }, ["other_activity"] = "子ども食堂", ["frequency"] = "monthly",
                }),
            ], IgnoredHeaders: ["電話番号（日中）", "電話番号（夜間）"]));
        return shapes;
    }

    /// <summary>Writes every shape into a directory (for trying the files by hand).</summary>
    public static void WriteAll(IReadOnlyList<GenTarget> targets, string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var shape in Shapes(targets))
        {
            File.WriteAllBytes(Path.Combine(directory, shape.FileName), shape.Bytes);
            // The mapping profile the file needs, as the body of PUT /api/mapping-profiles/{id}.
            if (shape.Profile is not null)
                File.WriteAllText(Path.Combine(directory, shape.FileName + ".profile.json"), System.Text.Json.JsonSerializer.Serialize(shape.Profile));
        }
    }

    private static byte[] Sjis(string s) => Encoding.GetEncoding(932).GetBytes(s);

    private static string Clean(string s) => s.Normalize(NormalizationForm.FormKC).Trim();

    /// <summary>Splits 「北海道登別市新生町…」 after the first 市/町/村 into what a 市町村 column and a 住所 column would hold.</summary>
    private static (string City, string Remainder) SplitCity(string address)
    {
        var start = address.StartsWith("北海道", StringComparison.Ordinal) ? 3 : 0;
        var at = address.IndexOfAny(['市', '町', '村'], start);
        return at < 0 ? ("", address) : (address[..(at + 1)], address[(at + 1)..]);
    }

    /// <summary>What Excel shows (and a CSV saved from it keeps) for a 13-digit number in a General cell: 5.81646E+12.</summary>
    private static string Scientific(string number) =>
        double.Parse(number, CultureInfo.InvariantCulture).ToString("0.#####E+00", CultureInfo.InvariantCulture);

    private static string FullWidth(string digits) => new(digits.Select(c => (char)(c - '0' + '０')).ToArray());

    /// <summary>A valid 法人番号 that no target has: the check digit computed for twelve given digits.</summary>
    public static string ValidNumber(string twelve)
    {
        var sum = 0;
        for (var n = 1; n <= 12; n++) sum += (twelve[12 - n] - '0') * (n % 2 == 1 ? 1 : 2);
        return (char)('0' + (9 - sum % 9)) + twelve;
    }

    private static string OldForms(string name) =>
        name.Replace('会', '會').Replace('高', '髙').Replace('崎', '﨑').Replace('芸', '藝');

    private static readonly Dictionary<string, string> HalfWidth = BuildHalfWidth();

    /// <summary>Hiragana and katakana as half-width katakana, as old systems and some Excel sheets store them.</summary>
    private static string HalfWidthKana(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text)
        {
            var k = c is >= 'ぁ' and <= 'ゖ' ? (char)(c + 0x60) : c;
            builder.Append(HalfWidth.TryGetValue(k.ToString(), out var h) ? h : k.ToString());
        }
        return builder.ToString();
    }

    private static Dictionary<string, string> BuildHalfWidth()
    {
        var map = new Dictionary<string, string>();
        for (var c = '\uFF61'; c <= '\uFF9D'; c++)
        {
            var half = c.ToString();
            map.TryAdd(half.Normalize(NormalizationForm.FormKC), half);
            foreach (var mark in new[] { "\uFF9E", "\uFF9F" })
            {
                var full = (half + mark).Normalize(NormalizationForm.FormKC);
                if (full.Length == 1) map.TryAdd(full, half + mark);
            }
        }
        return map;
    }
}
