using System.ComponentModel;
using FluentValidation;
using ResourceMap.Api.Common;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Domain.Surveys;
using ResourceMap.Domain.Taxonomy;

namespace ResourceMap.Api.Surveys;

public record RowIssueDto(string Field, string ReasonJa, string ReasonEn,
    [property: Description("true: the row is rejected; false: a warning, the row is still accepted.")] bool Blocking)
{
    public static RowIssueDto From(RowIssue i) => new(i.Field, i.ReasonJa, i.ReasonEn, i.Blocking);
}

public record MatchCandidate(
    Guid TargetId,
    string Name,
    string MunicipalityCode,
    string? CorporateNumber,
    string? LegalForm,
    [property: Description("How close the candidate is, 0..1 (1: the same name once normalised, or the same 法人番号).")] double Score,
    [property: Description("Why it is a candidate: corporate_number, same_name, same_reading or similar_name.")] string Reason);

public record RowMatch(
    [property: Description("matched, needs_review (staff resolve it with a match resolution; nothing is stored until then) or rejected.")] string Status,
    [property: Description("How a matched row was matched: corporate_number, name_and_legal_form or resolution; null otherwise.")] string? By,
    Guid? TargetId,
    [property: Description("The matched target's name.")] string? TargetName,
    [property: Description("The key a match resolution is stored under: the 法人番号, else municipality|normalised name.")] string MatchKey,
    [property: Description("Why the row needs review or was not matched (Japanese); null when matched.")] string? ReasonJa,
    [property: Description("The same in English.")] string? ReasonEn,
    [property: Description("Targets the row may belong to, best first (needs_review).")] IReadOnlyList<MatchCandidate> Candidates);

public record CodeLabel(string Code, string LabelJa);

/// <summary>What a commit stores for a row, codes with their Japanese labels.</summary>
public record InterpretedAnswer(
    string OrganizationName,
    string? NameKana,
    string? CorporateNumber,
    string? Address,
    [property: Description("The municipality the address was placed in.")] string? MunicipalityCode,
    string? Phone,
    string? Email,
    CodeLabel? LegalForm,
    CodeLabel? ActivityScope,
    bool? ActiveAgainstIsolation,
    IReadOnlyList<CodeLabel> ProblemKeywords,
    IReadOnlyList<CodeLabel> ActivityTypes,
    [property: Description("The その他 text of the activity types.")] string? OtherActivity,
    bool? MunicipalCommission,
    CodeLabel? Frequency,
    bool? TrackRecord,
    bool? NeedToAct,
    IReadOnlyList<CodeLabel> Difficulties,
    IReadOnlyList<CodeLabel> Expectations,
    string? ActivityDescription,
    [property: Description("その他 text of the other fields.")] IReadOnlyDictionary<string, string> OtherNotes,
    [property: Description("Answers no taxonomy term matched, by field: kept, not counted.")] IReadOnlyDictionary<string, List<string>> UnknownOptions,
    string? SubmittedAt,
    string? ResponseId);

public record ImportRowResult(
    [property: Description("The row's number in the spreadsheet (title rows and the header counted), as staff see it.")] int RowNumber,
    string OrganizationName,
    RowMatch Match,
    [property: Description("create, update, unchanged, needs_review, superseded or rejected.")] string Outcome,
    [property: Description("For a superseded row: the row whose later answer replaces it.")] int? SupersededBy,
    [property: Description("What a commit stores for the row (null when the row is rejected for its structure).")] InterpretedAnswer? Values,
    IReadOnlyList<RowIssueDto> Issues);

public record ImportResult(
    [property: Description("The stored import (commit only); null for a dry run, which writes nothing but its report.")] Guid? ImportId,
    [property: Description("The report's id: page through every row with GET /api/surveys/{id}/import-reports/{report_id}?cursor=.")] Guid ReportId,
    [property: Description("dry_run or commit.")] string Mode,
    string FileName,
    [property: Description("csv, tsv (tab-separated text), xlsx or xls.")] string Format,
    [property: Description("utf-8, shift_jis, utf-16 or utf-16be (as detected or stated); utf-8 for XLSX, biff8 for XLS.")] string Encoding,
    [property: Description("SHA-256 of the file.")] string Checksum,
    [property: Description("A committed import of the same file: re-importing it changed nothing.")] Guid? AlreadyImportedAs,
    [property: Description("The mapping profile the file was read with.")] string ProfileId,
    [property: Description("The sheet read (XLSX, XLS).")] string? Sheet,
    [property: Description("The header's row in the spreadsheet.")] int HeaderRow,
    [property: Description("Columns no field reads (duplicates among them included).")] IReadOnlyList<string> IgnoredHeaders,
    int Rows,
    int Created,
    int Updated,
    int Unchanged,
    int NeedsReview,
    int Superseded,
    int Rejected,
    int Warnings,
    [property: Description("The first page of rows, in file order.")] IReadOnlyList<ImportRowResult> Items,
    [property: Description("Cursor of the next page, null on the last page.")] string? NextCursor);

public record ImportReportPage(Guid ReportId, IReadOnlyList<ImportRowResult> Items,
    [property: Description("Cursor of the next page, null on the last page.")] string? NextCursor);

public record MatchResolutionRequest(
    [property: Description("match_key of the row, as a dry run reports it.")] string MatchKey,
    [property: Description("The target the row belongs to.")] Guid TargetId);

public record ImportSummary(Guid Id, string Kind, string FileName, string Checksum, string Format, string Encoding, string Mode,
    int RowCount, int Created, int Updated, int Unchanged, int Rejected, int NeedsReview, int Superseded, DateTimeOffset CreatedAt)
{
    public static ImportSummary From(SurveyImport i) => new(i.Id, i.Kind, i.FileName, i.Checksum, i.Format, i.Encoding, i.Mode,
        i.RowCount, i.Created, i.Updated, i.Unchanged, i.Rejected, i.NeedsReview, i.Superseded, i.CreatedAt);
}

public record ArchivedRow(int RowNumber,
    [property: Description("The original cells, header → text, exactly as in the file. Staff only.")] IReadOnlyDictionary<string, string> RawCells,
    string Match, Guid? TargetId, string Outcome, IReadOnlyList<RowIssueDto> Issues);
