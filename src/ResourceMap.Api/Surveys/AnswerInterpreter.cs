using System.Text;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Domain.Directory;
using ResourceMap.Domain.Surveys;
using ResourceMap.Domain.Taxonomy;
using ResourceMap.Domain.Text;
using ResourceMap.Infrastructure.Geocoding;

namespace ResourceMap.Api.Surveys;

/// <summary>Which column of the file holds which field, decided by a mapping profile.</summary>
public sealed class ColumnMap
{
    private readonly Dictionary<string, int> _columns;

    private ColumnMap(Dictionary<string, int> columns, IReadOnlyList<string> ignored)
    {
        _columns = columns;
        IgnoredHeaders = ignored;
    }

    public IReadOnlyList<string> IgnoredHeaders { get; }

    public string Cell(string[] cells, string field) =>
        _columns.TryGetValue(field, out var index) && index < cells.Length ? cells[index].Trim() : "";

    public bool Has(string field) => _columns.ContainsKey(field);

    /// <summary>Maps the headers; a duplicate header or a missing required one makes the whole file unreadable.</summary>
    public static ColumnMap Build(IReadOnlyList<string> headers, MappingProfile profile, IReadOnlyList<string> required)
    {
        var keys = headers.Select(HeaderKey).ToList();
        var duplicates = keys.Select((k, i) => (k, i)).Where(x => x.k.Length > 0).GroupBy(x => x.k).Where(g => g.Count() > 1).ToList();
        if (duplicates.Count > 0)
        {
            var first = duplicates[0].ToList();
            throw new Infrastructure.Surveys.TabularFileException(400, "file",
                $"The header '{headers[first[0].i]}' appears {first.Count} times (columns {string.Join(", ", first.Select(x => x.i + 1))}); each question must have one column.");
        }
        var columns = new Dictionary<string, int>();
        foreach (var (field, texts) in profile.Columns)
        {
            foreach (var text in texts)
            {
                var index = keys.IndexOf(HeaderKey(text));
                if (index < 0) continue;
                columns[field] = index;
                break;
            }
        }
        var missing = required.Where(f => !columns.ContainsKey(f)).ToList();
        if (missing.Count > 0)
        {
            throw new Infrastructure.Surveys.TabularFileException(400, "file",
                $"Required columns are missing: {string.Join("; ", missing.Select(f => $"{f} (one of: {string.Join(", ", profile.Columns.GetValueOrDefault(f) ?? [])})"))}. " +
                $"Check the file or the mapping profile '{profile.Id}'.");
        }
        var used = columns.Values.ToHashSet();
        var ignored = headers.Where((h, i) => h.Length > 0 && !used.Contains(i)).ToList();
        return new ColumnMap(columns, ignored);
    }

    private static string HeaderKey(string header) => JapaneseText.Clean(header).Replace(" ", "");
}

/// <summary>
/// Reads one answer row through the column map: option labels become taxonomy codes, yes/no answers booleans,
/// the address a gazetteer point. Unknown options are kept and reported, never dropped.
/// </summary>
public sealed class AnswerInterpreter(TaxonomyCatalog catalog, GazetteerGeocoder geocoder, IReadOnlyCollection<string> surveyArea)
{
    private readonly Dictionary<string, GeocodeResult> _geocoded = new();

    public async Task<(SurveyAnswerData Data, List<RowIssue> Issues)> ReadAsync(ColumnMap map, string[] cells, CancellationToken ct)
    {
        var issues = new List<RowIssue>();
        var unknown = new Dictionary<string, List<string>>();
        var name = JapaneseText.Clean(map.Cell(cells, "organization_name"));
        if (name.Length == 0) issues.Add(new("organization_name", "団体名が空です。", "The organisation name is empty."));

        var corporateNumber = CorporateNumberOf(map.Cell(cells, "corporate_number"), issues);

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

        var activityTypes = Options("activity_types", Vocabularies.ServiceCategory, map.Cell(cells, "activity_types"), issues, unknown, out var otherActivity);
        var data = new SurveyAnswerData
        {
            OrganizationName = name,
            CorporateNumber = corporateNumber,
            Address = address,
            Phone = NullIfEmpty(JapaneseText.Clean(map.Cell(cells, "phone"))),
            Email = NullIfEmpty(JapaneseText.Clean(map.Cell(cells, "email"))),
            LegalForm = Single("organization_form", Vocabularies.LegalForm, map.Cell(cells, "organization_form"), issues, unknown),
            ActivityScope = Single("activity_scope", Vocabularies.ServiceAreaLevel, map.Cell(cells, "activity_scope"), issues, unknown),
            ActiveAgainstIsolation = YesNo("active_against_isolation", map.Cell(cells, "active_against_isolation"), issues),
            ProblemKeywords = Options("problem_keywords", Vocabularies.ProblemKeyword, map.Cell(cells, "problem_keywords"), issues, unknown, out _),
            ActivityTypes = activityTypes,
            OtherActivity = otherActivity,
            MunicipalCommission = YesNo("municipal_commission", map.Cell(cells, "municipal_commission"), issues),
            Frequency = Single("frequency", Vocabularies.Frequency, map.Cell(cells, "frequency"), issues, unknown),
            TrackRecord = YesNo("track_record", map.Cell(cells, "track_record"), issues),
            NeedToAct = YesNo("need_to_act", map.Cell(cells, "need_to_act"), issues),
            Difficulties = Options("difficulties", Vocabularies.SurveyDifficulty, map.Cell(cells, "difficulties"), issues, unknown, out _),
            Expectations = Options("expectations", Vocabularies.SurveyExpectation, map.Cell(cells, "expectations"), issues, unknown, out _),
            ActivityDescription = NullIfEmpty(map.Cell(cells, "activity_description")),
            CaseDescription = NullIfEmpty(map.Cell(cells, "case_description")),
            UnknownOptions = unknown,
            Lat = point?.Found == true ? point.Lat : null,
            Lng = point?.Found == true ? point.Lng : null,
            Precision = point?.Found == true ? point.Precision : null,
            GeocodedMunicipalityCode = point?.Found == true ? point.MunicipalityCode : null,
        };
        return (data, issues);
    }

    private async Task<GeocodeResult> GeocodeAsync(string address, CancellationToken ct)
    {
        if (_geocoded.TryGetValue(address, out var cached)) return cached;
        var result = await geocoder.GeocodeAsync(address, surveyArea, ct);
        // Repeated addresses (one building, many groups) are common; a small cache keeps memory flat on large files.
        if (_geocoded.Count < 5_000) _geocoded[address] = result;
        return result;
    }

    public static string? CorporateNumberOf(string cell, List<RowIssue> issues)
    {
        var text = JapaneseText.Clean(cell).Replace("-", "").Replace(" ", "");
        if (text.Length == 0) return null;
        if (CorporateNumber.TryParse(text, out var number, out var error)) return number.Value;
        issues.Add(new("corporate_number", $"法人番号「{cell}」が正しくありません（13桁・先頭はチェックデジット）。", error ?? "Invalid corporate number."));
        return null;
    }

    private string? Single(string field, string vocabulary, string cell, List<RowIssue> issues, Dictionary<string, List<string>> unknown)
    {
        var text = JapaneseText.Clean(cell);
        if (text.Length == 0) return null;
        var code = catalog.Lookup(vocabulary, text);
        if (code is not null) return code;
        if (text.StartsWith("その他", StringComparison.Ordinal) && catalog.Contains(vocabulary, "other")) return "other";
        Unknown(field, text, issues, unknown);
        return null;
    }

    private List<string> Options(string field, string vocabulary, string cell, List<RowIssue> issues, Dictionary<string, List<string>> unknown,
        out string? otherNote)
    {
        otherNote = null;
        var codes = new List<string>();
        foreach (var option in SplitOptions(cell))
        {
            var code = catalog.Lookup(vocabulary, option);
            if (code is null && option.StartsWith("その他", StringComparison.Ordinal) && catalog.Contains(vocabulary, "other"))
            {
                code = "other";
                var note = option["その他".Length..].Trim('(', ')', ':', ' ', '（', '）', '：');
                if (note.Length > 0) otherNote = otherNote is null ? note : $"{otherNote}、{note}";
            }
            if (code is null) Unknown(field, option, issues, unknown);
            else if (!codes.Contains(code)) codes.Add(code);
        }
        return codes;
    }

    private static void Unknown(string field, string option, List<RowIssue> issues, Dictionary<string, List<string>> unknown)
    {
        issues.Add(new(field, $"選択肢「{option}」は登録されていません（回答は保存され、集計には含まれません）。",
            $"Unknown option '{option}': kept with the answer, not counted.", Blocking: false));
        if (!unknown.TryGetValue(field, out var list)) unknown[field] = list = [];
        list.Add(option);
    }

    private static bool? YesNo(string field, string cell, List<RowIssue> issues)
    {
        var text = JapaneseText.Clean(cell).ToLowerInvariant();
        switch (text)
        {
            case "": return null;
            case "はい" or "あり" or "有" or "有り" or "ある" or "感じる" or "感じている" or "している" or "yes" or "true" or "1" or "○": return true;
            case "いいえ" or "なし" or "無" or "無し" or "ない" or "感じない" or "感じていない" or "していない" or "no" or "false" or "0" or "×": return false;
        }
        issues.Add(new(field, $"「{cell}」は はい／いいえ で答える項目です。", $"'{cell}' is not a yes/no answer.", Blocking: false));
        return null;
    }

    /// <summary>Splits a multiple-choice cell on 、 , ; and line breaks, but not inside brackets (その他（交流、仲間づくり）).</summary>
    public static List<string> SplitOptions(string cell)
    {
        var text = cell.Normalize(NormalizationForm.FormKC);
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

/// <summary>Organisation names as they are compared: normalised and without the legal-form words people add or leave out.</summary>
public static class OrganizationNames
{
    private static readonly string[] LegalWords =
    [
        "認定特定非営利活動法人", "特定非営利活動法人", "認定npo法人", "npo法人", "一般社団法人", "一般財団法人", "公益社団法人",
        "公益財団法人", "社会福祉法人", "株式会社", "合同会社", "(特非)", "(npo)",
    ];

    public static string Key(string? name)
    {
        var key = JapaneseText.SearchKey(name);
        foreach (var word in LegalWords) key = key.Replace(word, "", StringComparison.Ordinal);
        return key.Replace("・", "").Replace("　", "");
    }
}
