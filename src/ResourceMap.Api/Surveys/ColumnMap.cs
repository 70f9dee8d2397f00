using System.Text.RegularExpressions;
using ResourceMap.Domain.Surveys;
using ResourceMap.Domain.Text;
using ResourceMap.Infrastructure.Surveys;

namespace ResourceMap.Api.Surveys;

/// <summary>
/// Which columns of a file hold which field, decided by a mapping profile: one column per field, several columns
/// joined into one (市町村 + 住所), one column per option of a multiple-choice field, and a separate その他 text column.
/// A header that several columns share is an error only when a field uses it; otherwise it is ignored. Headers match
/// exactly (width and spaces aside) or, failing that, without the question numbering and required marks form tools
/// add (「Q1. 団体名（必須）」 is 「団体名」) when exactly one column fits. A question that spans several columns under
/// a merged header cell, with its options or parts labelled in the row below (TabularReader.SubHeaders), reads as the
/// labels of its ticked columns (「居場所づくり、アウトリーチ」) or, when its cells hold text, as their text joined
/// (市町村 + 番地).
/// </summary>
public sealed partial class ColumnMap
{
    private readonly Dictionary<string, int[]> _columns;
    private readonly Dictionary<string, List<(int Index, string Code, string Header)>> _optionColumns;
    private readonly Dictionary<string, int> _otherText;
    private readonly Dictionary<string, (int Index, string Label)[]> _spans;

    private ColumnMap(Dictionary<string, int[]> columns, Dictionary<string, List<(int, string, string)>> optionColumns,
        Dictionary<string, int> otherText, Dictionary<string, (int, string)[]> spans, IReadOnlyList<string> ignored, MappingProfile profile)
    {
        _columns = columns;
        _spans = spans;
        _optionColumns = optionColumns;
        _otherText = otherText;
        IgnoredHeaders = ignored;
        Profile = profile;
    }

    public MappingProfile Profile { get; }
    public IReadOnlyList<string> IgnoredHeaders { get; }

    /// <summary>The field's text: its column, or its joined columns (a part that already starts with the previous one replaces it).</summary>
    public string Cell(string[] cells, string field)
    {
        string At(int index) => index < cells.Length ? cells[index].Trim() : "";
        if (_spans.TryGetValue(field, out var span))
        {
            var filled = span.Select(c => (c.Label, Text: At(c.Index))).Where(c => !FormValues.IsUnticked(c.Text))
                .Select(c => (c.Label, c.Text, Ticked: FormValues.IsTick(c.Text) || JapaneseText.Clean(c.Text) == JapaneseText.Clean(c.Label)))
                .ToList();
            // Parts of one answer (市町村 | 番地) hold text; options are ticked, and その他 may hold its text instead of a tick.
            if (!filled.Any(c => c.Ticked)) return Joined(filled.Select(c => c.Text));
            return string.Join("、", filled.Select(c => c.Ticked || !c.Label.StartsWith("その他", StringComparison.Ordinal) ? c.Label : $"{c.Label}（{c.Text}）"));
        }
        if (!_columns.TryGetValue(field, out var indexes)) return "";
        return indexes.Length == 1 ? At(indexes[0]) : Joined(indexes.Select(At));
    }

    private static string Joined(IEnumerable<string> parts)
    {
        var joined = "";
        foreach (var part in parts)
        {
            if (part.Length == 0) continue;
            // 住所 written in full although a 市町村 column exists: keep it once.
            joined = joined.Length > 0 && JapaneseText.Clean(part).StartsWith(JapaneseText.Clean(joined), StringComparison.Ordinal) ? part : joined + part;
        }
        return joined;
    }

    public bool Has(string field) => _columns.ContainsKey(field) || _optionColumns.ContainsKey(field);

    /// <summary>The one-column-per-option columns of a field: (cell, option code, header).</summary>
    public IEnumerable<(string Cell, string Code, string Header)> OptionCells(string[] cells, string field) =>
        _optionColumns.TryGetValue(field, out var columns)
            ? columns.Select(c => (c.Index < cells.Length ? cells[c.Index].Trim() : "", c.Code, c.Header))
            : [];

    /// <summary>The separate その他 text column of a field.</summary>
    public string OtherText(string[] cells, string field) =>
        _otherText.TryGetValue(field, out var index) && index < cells.Length ? cells[index].Trim() : "";

    /// <summary>The required fields and the header texts that mean them, for messages.</summary>
    public static string Expected(MappingProfile profile, IReadOnlyList<string> required) =>
        string.Join("; ", required.Select(f => $"{f} (one of: {string.Join(", ", profile.Columns.GetValueOrDefault(f) ?? [])})"));

    /// <summary>How well a row reads as this profile's header: the fields it maps; 0 unless every required field is there.</summary>
    public static Func<IReadOnlyList<string>, int> HeaderScore(MappingProfile profile, IReadOnlyList<string> required) => headers =>
    {
        var keys = headers.Select(HeaderKey).ToHashSet();
        var looseKeys = headers.Select(LooseHeaderKey).Where(k => k.Length > 0).ToHashSet();
        var notelessKeys = headers.Select(NotelessHeaderKey).Where(k => k.Length > 0).ToHashSet();
        bool Found(IEnumerable<string> texts) => texts.Any(t => keys.Contains(HeaderKey(t)) || looseKeys.Contains(LooseHeaderKey(t))
                                                                || notelessKeys.Contains(NotelessHeaderKey(t)));
        if (required.Any(f => !Found(profile.Columns.GetValueOrDefault(f) ?? []))) return 0;
        return profile.Columns.Count(c => Found(c.Value))
               + profile.Options.JoinedColumns.Count(j => j.Value.Any(Found))
               + profile.Options.OptionColumns.Sum(o => o.Value.Keys.Count(h => keys.Contains(HeaderKey(h))))
               + profile.Options.OtherTextColumns.Count(o => Found(o.Value));
    };

    /// <summary>Maps the headers; a missing required column, or a field whose header several columns share, makes the whole file unreadable.</summary>
    /// <param name="subHeaders">The labels under spanning questions (TabularReader.SubHeaders); empty when the file has none.</param>
    public static ColumnMap Build(IReadOnlyList<string> headers, MappingProfile profile, IReadOnlyList<string> required,
        IReadOnlyList<string>? subHeaders = null)
    {
        var keys = headers.Select(HeaderKey).ToList();
        var looseKeys = headers.Select(LooseHeaderKey).ToList();
        var notelessKeys = headers.Select(NotelessHeaderKey).ToList();
        var used = new HashSet<int>();
        int Find(string field, IReadOnlyCollection<string> texts)
        {
            var exact = FindExact(field, texts);
            return exact >= 0 ? exact : FindUnique(texts, LooseHeaderKey, looseKeys);
        }
        // No exact header: the one column not taken yet that means the same once numbering and required marks (or
        // notes) are gone.
        int FindUnique(IReadOnlyCollection<string> texts, Func<string, string> keyOf, List<string> fileKeys)
        {
            foreach (var text in texts)
            {
                var key = keyOf(text);
                var at = fileKeys.Select((k, i) => (k, i)).Where(x => x.k == key && key.Length > 0 && !used.Contains(x.i)).Select(x => x.i).ToList();
                if (at.Count != 1) continue;
                used.Add(at[0]);
                return at[0];
            }
            return -1;
        }
        int FindExact(string field, IEnumerable<string> texts)
        {
            foreach (var text in texts)
            {
                var key = HeaderKey(text);
                var at = keys.Select((k, i) => (k, i)).Where(x => x.k == key && key.Length > 0).Select(x => x.i).ToList();
                if (at.Count == 0) continue;
                if (at.Count > 1)
                    throw new TabularFileException(400, "file",
                        $"見出し「{headers[at[0]]}」が {at.Count} 列（{string.Join("、", at.Select(i => i + 1))} 列目）にあり、項目 {field} をどの列から読むか決められません。",
                        $"The header '{headers[at[0]]}' appears {at.Count} times (columns {string.Join(", ", at.Select(i => i + 1))}) and field {field} reads it; each question must have one column.");
                used.Add(at[0]);
                return at[0];
            }
            return -1;
        }

        var columns = new Dictionary<string, int[]>();
        foreach (var (field, texts) in profile.Columns)
        {
            var index = Find(field, texts);
            if (index >= 0) columns[field] = [index];
        }
        foreach (var (field, parts) in profile.Options.JoinedColumns)
        {
            var indexes = parts.Select(p => Find(field, p)).Where(i => i >= 0).ToArray();
            if (indexes.Length > 0) columns[field] = indexes;
        }
        var optionColumns = new Dictionary<string, List<(int, string, string)>>();
        foreach (var (field, options) in profile.Options.OptionColumns)
        {
            // In the file's column order: a stored profile's JSON object does not keep the order it was written in.
            var found = options.Select(o => (Index: Find(field, [o.Key]), Code: o.Value, Header: o.Key)).Where(o => o.Index >= 0).OrderBy(o => o.Index).ToList();
            if (found.Count > 0) optionColumns[field] = found;
        }
        var otherText = new Dictionary<string, int>();
        foreach (var (field, texts) in profile.Options.OtherTextColumns)
        {
            var index = Find(field, texts);
            if (index >= 0) otherText[field] = index;
        }
        // Last, a field still without a column takes the one left whose header says the same with a note after it
        // (活動の種類（あてはまるものすべて）): only once every other field has its column, so a note that tells two
        // questions apart (団体名（ふりがな）) is never taken for the question itself.
        foreach (var (field, texts) in profile.Columns.Where(c => !columns.ContainsKey(c.Key)))
        {
            var index = FindUnique(texts, NotelessHeaderKey, notelessKeys);
            if (index >= 0) columns[field] = [index];
        }
        var missing = required.Where(f => !columns.ContainsKey(f)).ToList();
        if (missing.Count > 0)
        {
            var expected = string.Join("; ", missing.Select(f => $"{f} (one of: {string.Join(", ", profile.Columns.GetValueOrDefault(f) ?? [])})"));
            throw new TabularFileException(400, "file",
                $"必要な列がありません: {expected}。ファイルかマッピングプロファイル「{profile.Id}」を確認してください。",
                $"Required columns are missing: {expected}. Check the file or the mapping profile '{profile.Id}'.");
        }
        // A field found at the first column of a spanning question reads all of its columns.
        var spans = new Dictionary<string, (int, string)[]>();
        string Label(int i) => subHeaders is not null && i < subHeaders.Count ? subHeaders[i] : "";
        foreach (var (field, indexes) in columns.Where(c => c.Value.Length == 1 && Label(c.Value[0]).Length > 0).ToList())
        {
            var first = indexes[0];
            var span = Enumerable.Range(first, headers.Count - first)
                .TakeWhile(i => i == first || (Label(i).Length > 0 && headers[i].StartsWith(headers[first] + "／", StringComparison.Ordinal)))
                .Select(i => (i, Label(i))).ToArray();
            spans[field] = span;
            used.UnionWith(span.Select(c => c.Item1));
        }
        var ignored = headers.Where((h, i) => h.Length > 0 && !used.Contains(i)).ToList();
        return new ColumnMap(columns, optionColumns, otherText, spans, ignored, profile);
    }

    private static string HeaderKey(string header) => JapaneseText.Clean(header).Replace(" ", "");

    /// <summary>The header without a leading question number (Q1. / 問1 / 1) / (1)) or tag (【必須】) and a trailing required mark (* / （必須）).</summary>
    public static string LooseHeaderKey(string header)
    {
        var key = HeaderKey(header);
        var stripped = RequiredMark().Replace(QuestionNumber().Replace(key, ""), "");
        return stripped.Length > 0 ? stripped : key;
    }

    /// <summary>
    /// <see cref="LooseHeaderKey"/> without a trailing note in brackets, also one on a line of its own
    /// (活動の種類（あてはまるものすべて）). A note that starts with その他 stays: 「活動の種類（その他）」 is the その他
    /// column of that question, not the question.
    /// </summary>
    public static string NotelessHeaderKey(string header)
    {
        var loose = LooseHeaderKey(header);
        var stripped = RequiredMark().Replace(TrailingNote().Replace(loose, ""), "");
        return stripped.Length > 0 ? stripped : loose;
    }

    [GeneratedRegex(@"^(?:(?:【[^】]*】|\[[^\]]*\])+|(?:Q|q|問|設問|質問)?\(?\d{1,3}(?:-\d{1,3})?(?:[.)）:、]|\.?(?=\D)))+")]
    private static partial Regex QuestionNumber();

    [GeneratedRegex(@"(?:\*|※?\(必須\)|【必須】|※必須|必須)+$")]
    private static partial Regex RequiredMark();

    // Brackets after NFKC: （） → (), ［］ → []; 【】 and 〔〕 stay as they are.
    [GeneratedRegex(@"(?:\((?!その他)[^()]*\)|\[(?!その他)[^\[\]]*\]|【(?!その他)[^】]*】|〔(?!その他)[^〕]*〕)+$")]
    private static partial Regex TrailingNote();
}
