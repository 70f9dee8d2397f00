using System.Globalization;
using System.Text;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Domain.Directory;
using ResourceMap.Domain.Surveys;
using ResourceMap.Domain.Taxonomy;
using ResourceMap.Domain.Text;
using ResourceMap.Infrastructure.Geocoding;

namespace ResourceMap.Api.Surveys;

/// <summary>An answer row as read: the data a commit would store, the issues found, and what the 法人番号 cell held.</summary>
public sealed record ReadAnswer(SurveyAnswerData Data, List<RowIssue> Issues, CorporateNumberCell CorporateNumber, DateTimeOffset? SubmittedAt);

/// <summary>
/// Reads one answer row through the column map: option labels (or the profile's value maps) become taxonomy codes,
/// yes/no answers booleans, the address a gazetteer point. Unknown options are kept and reported, never dropped; a
/// value that was repaired (a phone's lost 0) carries a warning.
/// </summary>
public sealed class AnswerInterpreter(TaxonomyCatalog catalog, GazetteerGeocoder geocoder, IReadOnlyCollection<string> surveyArea)
{
    private readonly Dictionary<string, GeocodeResult> _geocoded = new();
    private readonly Dictionary<(string Vocabulary, string Label), string?> _lookups = new();

    /// <summary>The catalog's code for an option label; a file repeats its few labels on every row, so each is looked up once.</summary>
    private string? Lookup(string vocabulary, string label)
    {
        if (_lookups.TryGetValue((vocabulary, label), out var code)) return code;
        code = catalog.Lookup(vocabulary, label);
        // Free-text options are many and distinct: the memo stays small on large files.
        if (_lookups.Count < 5_000) _lookups[(vocabulary, label)] = code;
        return code;
    }

    public async Task<ReadAnswer> ReadAsync(ColumnMap map, string[] cells, CancellationToken ct)
    {
        var issues = new List<RowIssue>();
        var unknown = new Dictionary<string, List<string>>();
        var otherNotes = new Dictionary<string, string>();
        // An empty name is judged once the row is matched (AnswerImporter): a valid 法人番号 can still identify the target.
        var name = JapaneseText.Clean(map.Cell(cells, "organization_name"));

        var numberCell = CorporateNumberCell.Read(map.Cell(cells, "corporate_number"));
        switch (numberCell.Kind)
        {
            case CorporateNumberCellKind.DigitsLostByExcel:
                issues.Add(new("corporate_number", $"法人番号「{numberCell.Cleaned}」は Excel で桁が失われています（指数表示）。団体名で照合を確認してください。",
                    $"The corporate number '{numberCell.Cleaned}' lost digits in Excel (scientific notation); the match is reviewed by name.", Blocking: false));
                break;
            case CorporateNumberCellKind.Invalid:
                issues.Add(new("corporate_number", $"法人番号「{numberCell.Cleaned}」が正しくありません（13桁・先頭はチェックデジット）。団体名で照合を確認してください。",
                    $"The corporate number '{numberCell.Cleaned}' is not valid (13 digits, the first a check digit); the match is reviewed by name.", Blocking: false));
                break;
        }

        var address = NullIfEmpty(JapaneseText.Clean(map.Cell(cells, "address")));
        GeocodeResult? point = null;
        if (address is not null)
        {
            point = await GeocodeAsync(address, ct);
            if (!point.Found)
            {
                issues.Add(new("address", $"所在地「{address}」の市区町村を特定できません。", $"The municipality of '{address}' cannot be found.", Blocking: false));
            }
            else if (!surveyArea.Contains(point.MunicipalityCode!))
            {
                issues.Add(new("address", $"所在地（{point.Municipality}）が調査対象地域の外です。",
                    $"The address is in {point.Municipality} ({point.MunicipalityCode}), outside the survey area."));
            }
            else if (point.Precision == GeocodePrecisions.Municipality)
            {
                issues.Add(new("address", "町名を特定できないため、市区町村の代表点を使います。",
                    "No town matched; the municipality's representative point is used.", Blocking: false));
            }
        }

        var submitted = Timestamp(map.Cell(cells, "timestamp"), issues);
        var activityTypes = Options(map, cells, "activity_types", Vocabularies.ServiceCategory, issues, unknown, otherNotes);
        var data = new SurveyAnswerData
        {
            OrganizationName = name,
            NameKana = NullIfEmpty(JapaneseText.Clean(map.Cell(cells, "name_kana"))),
            CorporateNumber = numberCell.Number,
            Address = address,
            Phone = Phone(map.Cell(cells, "phone"), issues),
            Email = NullIfEmpty(JapaneseText.Clean(map.Cell(cells, "email"))),
            LegalForm = Single(map, cells, "organization_form", Vocabularies.LegalForm, issues, unknown, otherNotes),
            ActivityScope = Single(map, cells, "activity_scope", Vocabularies.ServiceAreaLevel, issues, unknown, otherNotes),
            ActiveAgainstIsolation = YesNo(map, cells, "active_against_isolation", issues),
            ProblemKeywords = Options(map, cells, "problem_keywords", Vocabularies.ProblemKeyword, issues, unknown, otherNotes),
            ActivityTypes = activityTypes,
            OtherActivity = otherNotes.Remove("activity_types", out var otherActivity) ? otherActivity : null,
            MunicipalCommission = YesNo(map, cells, "municipal_commission", issues),
            Frequency = Single(map, cells, "frequency", Vocabularies.Frequency, issues, unknown, otherNotes),
            TrackRecord = YesNo(map, cells, "track_record", issues),
            NeedToAct = YesNo(map, cells, "need_to_act", issues),
            Difficulties = Options(map, cells, "difficulties", Vocabularies.SurveyDifficulty, issues, unknown, otherNotes),
            Expectations = Options(map, cells, "expectations", Vocabularies.SurveyExpectation, issues, unknown, otherNotes),
            ActivityDescription = NullIfEmpty(map.Cell(cells, "activity_description")),
            CaseDescription = NullIfEmpty(map.Cell(cells, "case_description")),
            UnknownOptions = unknown,
            OtherNotes = otherNotes,
            SubmittedAt = submitted?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            ResponseId = NullIfEmpty(JapaneseText.Clean(map.Cell(cells, "response_id"))),
            Lat = point?.Found == true ? point.Lat : null,
            Lng = point?.Found == true ? point.Lng : null,
            Precision = point?.Found == true ? point.Precision : null,
            GeocodedMunicipalityCode = point?.Found == true ? point.MunicipalityCode : null,
        };
        return new ReadAnswer(data, issues, numberCell, submitted);
    }

    private async Task<GeocodeResult> GeocodeAsync(string address, CancellationToken ct)
    {
        if (_geocoded.TryGetValue(address, out var cached)) return cached;
        var result = await geocoder.GeocodeAsync(address, surveyArea, ct);
        // Repeated addresses (one building, many groups) are common; a small cache keeps memory flat on large files.
        if (_geocoded.Count < 5_000) _geocoded[address] = result;
        return result;
    }

    /// <summary>A phone Excel stored as a number lost its leading 0: restored, with a warning, only when that gives a valid Japanese number.</summary>
    private static string? Phone(string cell, List<RowIssue> issues)
    {
        var text = NullIfEmpty(JapaneseText.Clean(cell));
        if (text is null) return null;
        var restored = JapanesePhoneNumber.RestoreLeadingZero(text);
        if (restored is null) return text;
        issues.Add(new("phone", $"電話番号「{text}」は先頭の 0 が Excel で失われていたため「{restored}」として読みました。",
            $"The phone '{text}' lost its leading 0 in Excel; read as '{restored}'.", Blocking: false));
        return restored;
    }

    /// <summary>A form's timestamp (see <see cref="FormValues.ReadTimestamp"/>); one it cannot read is a warning, and row order decides.</summary>
    private static DateTimeOffset? Timestamp(string cell, List<RowIssue> issues)
    {
        if (FormValues.ReadTimestamp(cell) is { } timestamp) return timestamp;
        var text = JapaneseText.Clean(cell);
        if (text.Length == 0) return null;
        issues.Add(new("timestamp", $"タイムスタンプ「{text}」を日時として読めません（行の順で新旧を判断します）。",
            $"The timestamp '{text}' is not a date and time; the row order decides which answer is later.", Blocking: false));
        return null;
    }

    /// <summary>The profile's value map of a field: coded answers (1/2/3) or a form's own labels → code.</summary>
    private static string? Mapped(ColumnMap map, string field, string text) =>
        map.Profile.Options.ValueMaps.TryGetValue(field, out var values)
            ? values.FirstOrDefault(v => JapaneseText.Clean(v.Key) == text).Value
            : null;

    private string? Single(ColumnMap map, string[] cells, string field, string vocabulary, List<RowIssue> issues,
        Dictionary<string, List<string>> unknown, Dictionary<string, string> otherNotes)
    {
        var text = JapaneseText.Clean(map.Cell(cells, field));
        var other = JapaneseText.Clean(map.OtherText(cells, field));
        if (text.Length == 0) return other.Length > 0 ? Other(field, vocabulary, other, otherNotes) : null;
        var code = Mapped(map, field, text) ?? Lookup(vocabulary, text);
        if (code is not null && catalog.Contains(vocabulary, code))
        {
            if (code == "other" && other.Length > 0) otherNotes[field] = other;
            return code;
        }
        if (text.StartsWith("その他", StringComparison.Ordinal) && catalog.Contains(vocabulary, "other"))
        {
            var note = NoteAfterOther(text);
            if (other.Length > 0) note = note.Length > 0 ? $"{note}、{other}" : other;
            if (note.Length > 0) otherNotes[field] = note;
            return "other";
        }
        if (map.Profile.Options.UnknownOptionsAsOther.Contains(field) && catalog.Contains(vocabulary, "other"))
            return Other(field, vocabulary, text, otherNotes);
        Unknown(field, text, issues, unknown);
        return null;
    }

    private string? Other(string field, string vocabulary, string note, Dictionary<string, string> otherNotes)
    {
        if (!catalog.Contains(vocabulary, "other")) return null;
        otherNotes[field] = otherNotes.TryGetValue(field, out var before) ? $"{before}、{note}" : note;
        return "other";
    }

    private List<string> Options(ColumnMap map, string[] cells, string field, string vocabulary, List<RowIssue> issues,
        Dictionary<string, List<string>> unknown, Dictionary<string, string> otherNotes)
    {
        var codes = new List<string>();
        var notes = new List<string>();
        void Add(string code)
        {
            if (!codes.Contains(code)) codes.Add(code);
        }
        var asOther = map.Profile.Options.UnknownOptionsAsOther.Contains(field) && catalog.Contains(vocabulary, "other");
        foreach (var option in SplitOptions(map.Cell(cells, field)))
        {
            var code = Mapped(map, field, option) ?? Lookup(vocabulary, option);
            if (code is not null && catalog.Contains(vocabulary, code)) Add(code);
            else if (option.StartsWith("その他", StringComparison.Ordinal) && catalog.Contains(vocabulary, "other"))
            {
                Add("other");
                var note = NoteAfterOther(option);
                if (note.Length > 0) notes.Add(note);
            }
            else if (asOther)
            {
                Add("other");
                notes.Add(option);
            }
            else Unknown(field, option, issues, unknown);
        }
        // One column per option: a filled cell ticks the option; text in the その他 column's cell is its note.
        foreach (var (cell, code, header) in map.OptionCells(cells, field))
        {
            if (FormValues.IsUnticked(cell)) continue;
            if (!catalog.Contains(vocabulary, code))
            {
                Unknown(field, header, issues, unknown);
                continue;
            }
            Add(code);
            if (code == "other" && !FormValues.IsTick(cell)) notes.Add(JapaneseText.Clean(cell));
        }
        var other = JapaneseText.Clean(map.OtherText(cells, field));
        if (other.Length > 0 && catalog.Contains(vocabulary, "other"))
        {
            Add("other");
            notes.Add(other);
        }
        if (notes.Count > 0) otherNotes[field] = string.Join("、", notes.Distinct());
        return codes;
    }

    private static string NoteAfterOther(string option) => option["その他".Length..].Trim('(', ')', ':', ' ', '（', '）', '：');

    private static void Unknown(string field, string option, List<RowIssue> issues, Dictionary<string, List<string>> unknown)
    {
        issues.Add(new(field, $"選択肢「{option}」は登録されていません（回答は保存され、集計には含まれません）。",
            $"Unknown option '{option}': kept with the answer, not counted.", Blocking: false));
        if (!unknown.TryGetValue(field, out var list)) unknown[field] = list = [];
        list.Add(option);
    }

    private static bool? YesNo(ColumnMap map, string[] cells, string field, List<RowIssue> issues)
    {
        var cell = map.Cell(cells, field);
        var cleaned = JapaneseText.Clean(cell);
        if (cleaned.Length == 0) return null;
        if (FormValues.ReadYesNo(Mapped(map, field, cleaned) ?? cleaned) is { } answer) return answer;
        issues.Add(new(field, $"「{cell}」は はい／いいえ で答える項目です。", $"'{cell}' is not a yes/no answer.", Blocking: false));
        return null;
    }

    /// <summary>Splits a multiple-choice cell on 、 , ; and line breaks, but not inside brackets (その他（交流、仲間づくり）).</summary>
    public static List<string> SplitOptions(string cell)
    {
        var text = JapaneseText.Nfkc(cell);
        var options = new List<string>();
        var current = new StringBuilder();
        var depth = 0;
        foreach (var c in text)
        {
            if (c is '(' or '（' or '「') depth++;
            else if (c is ')' or '）' or '」') depth = Math.Max(0, depth - 1);
            if (depth == 0 && c is '、' or ',' or ';' or '\n' or '\r' or '､')
            {
                Flush();
                continue;
            }
            current.Append(c);
        }
        Flush();
        return options;

        void Flush()
        {
            var option = JapaneseText.Clean(current.ToString());
            if (option.Length > 0) options.Add(option);
            current.Clear();
        }
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
