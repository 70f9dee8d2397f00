using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ResourceMap.Api.Surveys;

/// <summary>
/// CSV downloads for staff who open them in Excel: UTF-8 with a BOM (so Excel reads Japanese correctly) and cells
/// that start with = + - @ neutralised, so a formula typed into a form answer is never run on a staff PC.
/// </summary>
public static class SurveyCsv
{
    private static readonly CsvWriterOptions Options = new()
    {
        Injection = CsvInjection.Escape,
        WriteByteOrderMark = true,
    };

    public static FileContentHttpResult File(string fileName, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        using var buffer = new MemoryStream();
        using (var writer = CsvWriter.Create(buffer, Options, leaveOpen: true))
        {
            writer.WriteHeader(header.ToArray());
            foreach (var row in rows)
            {
                foreach (var cell in row) writer.WriteField(cell ?? "");
                writer.EndRecord();
            }
            writer.Flush();
        }
        return TypedResults.File(buffer.ToArray(), "text/csv; charset=utf-8", fileName);
    }

    /// <summary>The whole report of an import as CSV, one line per row and issue, read from the stored report page by page.</summary>
    public static async Task<FileContentHttpResult> ImportReportAsync(ImportResult result, IAsyncEnumerable<ImportRowResult> items, CancellationToken ct)
    {
        var rows = new List<IReadOnlyList<string?>>();
        await foreach (var item in items.WithCancellation(ct))
        {
            if (item.Issues.Count == 0) rows.Add(Row(item, null));
            else rows.AddRange(item.Issues.Select(issue => Row(item, issue)));
        }
        return File($"import-{result.Mode}-{result.Checksum[..12]}.csv",
            ["row_number", "organization_name", "match", "match_by", "target_id", "target_name", "match_key", "match_reason_ja", "match_reason_en",
             "outcome", "superseded_by", "field", "blocking", "reason_ja", "reason_en"], rows);
    }

    private static IReadOnlyList<string?> Row(ImportRowResult item, RowIssueDto? issue) =>
    [
        item.RowNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), item.OrganizationName, item.Match.Status, item.Match.By,
        item.Match.TargetId?.ToString(), item.Match.TargetName, item.Match.MatchKey, item.Match.ReasonJa, item.Match.ReasonEn, item.Outcome,
        item.SupersededBy?.ToString(System.Globalization.CultureInfo.InvariantCulture), issue?.Field,
        issue is null ? null : issue.Blocking ? "true" : "false", issue?.ReasonJa, issue?.ReasonEn,
    ];

    public static FileContentHttpResult Statistics(SurveyStatistics s)
    {
        var rows = new List<IReadOnlyList<string?>>
        {
            Line("response_rate", "answered", "回答数", "Answered", s.ResponseRate.Answered),
            Line("response_rate", "targets", "調査対象数", "Targets", s.ResponseRate.Targets),
            new[] { "response_rate", "percent", "回収率（%）", "Response rate (%)", s.ResponseRate.Percent.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) },
            Line("isolation", "active", "孤独・孤立対策の活動あり", "Active against isolation", s.ActiveAgainstIsolation),
            new[] { "isolation", "active_percent", "孤独・孤立対策の活動あり（%）", "Active against isolation (%)", s.ActiveSharePercent.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) },
            Line("need_to_act", "yes", "取組の必要性を感じる", "Feel the need to act", s.NeedToAct),
        };
        void Add(string dimension, IEnumerable<LabelledCount> counts) =>
            rows.AddRange(counts.Select(c => Line(dimension, c.Code, c.LabelJa, c.LabelEn, c.Count)));
        Add("activity_type", s.ActivityTypes);
        Add("problem_keyword", s.ProblemKeywords);
        Add("municipality", s.Municipalities);
        Add("organization_form", s.OrganizationForms);
        Add("activity_scope", s.ActivityScopes);
        Add("difficulty", s.Difficulties);
        Add("expectation", s.Expectations);
        // Raw answers: present only when the statistics carry them (staff the survey is shared with).
        if (s.OtherActivities is { } others)
            rows.AddRange(others.GroupBy(o => o, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => Line("other_activity", "", g.Key, "", g.Count())));
        return File($"survey-{s.SurveyId}-statistics.csv", ["dimension", "code", "label_ja", "label_en", "value"], rows);
    }

    private static string?[] Line(string dimension, string code, string ja, string en, int value) =>
        [dimension, code, ja, en, value.ToString(System.Globalization.CultureInfo.InvariantCulture)];
}
