using System.ComponentModel;
using FluentValidation;
using ResourceMap.Api.Common;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Domain.Surveys;
using ResourceMap.Domain.Taxonomy;

namespace ResourceMap.Api.Surveys;

public record SurveyRequest(
    [property: Description("Title, e.g. 登別市 広域リソース調査 2024.")] string Title,
    [property: Description("The municipality that issues the survey (5- or 6-digit code).")] string IssuingMunicipalityCode,
    [property: Description("Survey area as a region id (e.g. noboribetsu-survey-2024); or give municipality_codes.")] string? RegionId,
    [property: Description("Survey area as a list of municipality codes, when it is not a region.")] List<string>? MunicipalityCodes,
    DateOnly? PeriodStart,
    DateOnly? PeriodEnd,
    [property: Description("Mapping profile that reads the answer files; defaults to noboribetsu-2024.")] string? MappingProfileId);

public record SurveyStatusRequest([property: Description("draft → fielding → closed → published (publishing goes through POST publish).")] string Status);

public record LabelledCount(string Code, string LabelJa, string LabelEn, int Count);

public record ResponseRate(
    [property: Description("Targets that answered.")] int Answered,
    [property: Description("All targets.")] int Targets,
    [property: Description("Answered / targets in per cent, one decimal (19 / 87 = 21.8).")] double Percent);

public record SurveyProgress(
    [property: Description("Number of targets by status (pending, sent, answered, declined, undeliverable).")] Dictionary<string, int> TargetsByStatus,
    ResponseRate ResponseRate,
    [property: Description("Accepted answers by the target's municipality code.")] Dictionary<string, int> AnswersByMunicipality);

public record SurveyResponse(
    Guid Id,
    string Title,
    string IssuingMunicipalityCode,
    string? RegionId,
    IReadOnlyList<string> MunicipalityCodes,
    DateOnly? PeriodStart,
    DateOnly? PeriodEnd,
    string MappingProfileId,
    [property: Description("draft, fielding, closed or published.")] string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? PublishedAt,
    SurveyProgress Progress);

public record SurveySummary(Guid Id, string Title, string IssuingMunicipalityCode, string Status, DateOnly? PeriodStart, DateOnly? PeriodEnd);

public record AddDirectoryTargetsRequest(
    [property: Description("legal_form codes to include, e.g. [\"npo\", \"certified_npo\"]; empty or null for every form.")] List<string>? LegalForms);

public record TargetResponse(
    Guid Id,
    Guid? OrganizationId,
    string Name,
    string? NameKana,
    string? CorporateNumber,
    string? LegalForm,
    string? Address,
    string MunicipalityCode,
    double? Lat,
    double? Lng,
    string? Precision,
    [property: Description("directory or open_data.")] string Origin,
    [property: Description("pending, sent, answered, declined or undeliverable.")] string Status,
    DateTimeOffset StatusChangedAt,
    DateTimeOffset? SentAt,
    DateTimeOffset? AnsweredAt)
{
    public static TargetResponse From(SurveyTarget t) => new(t.Id, t.OrganizationId, t.Name, t.NameKana, t.CorporateNumber, t.LegalForm,
        t.Address, t.MunicipalityCode, t.Lat, t.Lng, t.Precision, t.Origin, t.Status, t.StatusChangedAt, t.SentAt, t.AnsweredAt);
}

public record TargetStatusRequest([property: Description("pending, sent, declined or undeliverable (answered is set by an answer import).")] string Status);

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
    [property: Description("csv or xlsx.")] string Format,
    [property: Description("utf-8 or shift_jis (as detected or stated).")] string Encoding,
    [property: Description("SHA-256 of the file.")] string Checksum,
    [property: Description("A committed import of the same file: re-importing it changed nothing.")] Guid? AlreadyImportedAs,
    [property: Description("The mapping profile the file was read with.")] string ProfileId,
    [property: Description("The sheet read (XLSX).")] string? Sheet,
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

public record TargetImportResult(
    string FileName,
    string Encoding,
    int Rows,
    [property: Description("New targets.")] int Added,
    [property: Description("Rows whose 法人番号 was already a target (updated in place).")] int AlreadyPresent,
    int Rejected,
    IReadOnlyList<ImportRowResult> Items);

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

public record SurveyStatistics(
    Guid SurveyId,
    ResponseRate ResponseRate,
    int Answers,
    [property: Description("Respondents running activities against isolation.")] int ActiveAgainstIsolation,
    [property: Description("active_against_isolation / answers in per cent (16 / 19 = 84.2).")] double ActiveSharePercent,
    int NeedToAct,
    int WithTrackRecord,
    IReadOnlyList<LabelledCount> ActivityTypes,
    [property: Description("Raw answers: the free-text labels of the その他 activity type (遊び場づくり …). Only for staff the survey is shared with (admins, staff of the issuing municipality or of a municipality in the survey area); absent for everyone else.")]
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<string>? OtherActivities,
    IReadOnlyList<LabelledCount> ProblemKeywords,
    IReadOnlyList<LabelledCount> Municipalities,
    IReadOnlyList<LabelledCount> OrganizationForms,
    IReadOnlyList<LabelledCount> ActivityScopes,
    IReadOnlyList<LabelledCount> Difficulties,
    IReadOnlyList<LabelledCount> Expectations);

public class SurveyRequestValidator : AbstractValidator<SurveyRequest>
{
    public SurveyRequestValidator()
    {
        RuleFor(s => s.Title).NotEmpty().MaximumLength(300);
        RuleFor(s => s.IssuingMunicipalityCode).NotEmpty().MustBeMunicipalityCode();
        RuleFor(s => s.RegionId).MaximumLength(100);
        RuleForEach(s => s.MunicipalityCodes).MustBeMunicipalityCode();
        RuleFor(s => s.MunicipalityCodes).Must(c => c is null || c.Count <= 500).WithMessage("At most 500 municipality codes.");
        RuleFor(s => s).Must(s => (s.RegionId is null) != (s.MunicipalityCodes is null || s.MunicipalityCodes.Count == 0))
            .WithName("region_id").WithMessage("Give the survey area as region_id or as municipality_codes (one of them).");
        RuleFor(s => s.PeriodEnd).GreaterThanOrEqualTo(s => s.PeriodStart).When(s => s.PeriodStart is not null && s.PeriodEnd is not null)
            .WithMessage("period_end must not be before period_start.");
    }
}

public class AddDirectoryTargetsRequestValidator : AbstractValidator<AddDirectoryTargetsRequest>
{
    public AddDirectoryTargetsRequestValidator(TaxonomyCatalog catalog) =>
        RuleFor(r => r.LegalForms).MustBeTerms(catalog, Vocabularies.LegalForm);
}

public class MappingProfileRequestValidator : AbstractValidator<MappingProfileRequest>
{
    public MappingProfileRequestValidator()
    {
        RuleFor(p => p.Name).NotEmpty().MaximumLength(300);
        RuleFor(p => p.Kind).Must(k => k is "answers" or "targets").WithMessage("kind is answers or targets.");
        RuleFor(p => p.Columns).NotEmpty();
        RuleFor(p => p.Columns).Must((p, columns) => columns is null || columns.Keys.All(k => MappingFields.For(p.Kind).Contains(k)))
            .WithMessage(p => $"Unknown fields: {string.Join(", ", (p.Columns ?? []).Keys.Where(k => !MappingFields.For(p.Kind).Contains(k)))}; use any of: {string.Join(", ", MappingFields.For(p.Kind))}.");
        RuleFor(p => p.Columns).Must(c => c is null || c.ContainsKey("organization_name"))
            .WithMessage("organization_name must be mapped: every row needs it.");
        RuleFor(p => p.Columns).Must(c => c is null || c.Values.All(h => h is { Count: > 0 and <= 20 } && h.All(x => !string.IsNullOrWhiteSpace(x) && x.Length <= 500)))
            .WithMessage("Each field needs 1–20 non-empty header texts.");
        RuleFor(p => p.MunicipalityCode).MustBeMunicipalityCode().When(p => p.MunicipalityCode is not null);
        RuleFor(p => p.Options!.HeaderRow).InclusiveBetween(1, 1000).When(p => p.Options?.HeaderRow is not null).WithName("options.header_row");
        RuleFor(p => p.Options!.Sheet).MaximumLength(100).When(p => p.Options is not null).WithName("options.sheet");
        RuleFor(p => p.Options).Must((p, o) => o is null || OptionFields(o).All(f => MappingFields.For(p.Kind).Contains(f)))
            .WithName("options")
            .WithMessage(p => $"Unknown fields in options: {string.Join(", ", OptionFields(p.Options!).Where(f => !MappingFields.For(p.Kind).Contains(f)).Distinct())}.");
        RuleFor(p => p.Options).Must(o => o is null || (o.OptionColumns.Values.All(v => v.Count <= 100) && o.ValueMaps.Values.All(v => v.Count <= 200)
                                                         && o.JoinedColumns.Values.All(v => v.Count is > 0 and <= 5)))
            .WithName("options").WithMessage("At most 100 option columns and 200 value-map entries per field, and 1–5 joined columns.");
    }

    private static IEnumerable<string> OptionFields(MappingOptions o) =>
        o.ValueMaps.Keys.Concat(o.OptionColumns.Keys).Concat(o.OtherTextColumns.Keys).Concat(o.UnknownOptionsAsOther).Concat(o.JoinedColumns.Keys);
}

public record MappingProfileRequest(
    string Name,
    [property: Description("answers (questionnaire exports) or targets (open-data NPO lists).")] string Kind,
    [property: Description("Field → header texts that mean it, e.g. {\"organization_name\": [\"団体名\", \"法人名\"]}.")] Dictionary<string, List<string>> Columns,
    [property: Description("The municipality that owns the profile (its editors change it, its surveys use it); null: shared, admins only. An editor's key defaults to its home municipality.")] string? MunicipalityCode = null,
    [property: Description("Where the table is and how answers read: header_row, sheet, value_maps, option_columns, other_text_columns, unknown_options_as_other, joined_columns.")] MappingOptions? Options = null);

public record MappingProfileResponse(string Id, string Name, string Kind, string? MunicipalityCode, IReadOnlyDictionary<string, List<string>> Columns,
    MappingOptions Options, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static MappingProfileResponse From(MappingProfile p) => new(p.Id, p.Name, p.Kind, p.MunicipalityCode, p.Columns, p.Options, p.CreatedAt, p.UpdatedAt);
}

/// <summary>The fields a mapping profile can map headers to.</summary>
public static class MappingFields
{
    public static readonly IReadOnlyList<string> Answers =
    [
        "organization_name", "name_kana", "corporate_number", "address", "timestamp", "response_id", "phone", "email", "organization_form", "activity_scope",
        "active_against_isolation", "problem_keywords", "activity_types", "municipal_commission", "frequency", "track_record",
        "need_to_act", "difficulties", "expectations", "activity_description", "case_description",
    ];

    public static readonly IReadOnlyList<string> Targets =
        ["organization_name", "corporate_number", "name_kana", "address", "established_on", "purpose", "fields"];

    public static IReadOnlyList<string> For(string? kind) => kind == "targets" ? Targets : Answers;
}
