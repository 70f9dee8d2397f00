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

public record MatchCandidate(Guid TargetId, string Name, string MunicipalityCode);

public record RowMatch(
    [property: Description("matched, ambiguous or missing.")] string Status,
    Guid? TargetId,
    [property: Description("The key a match resolution is stored under: the 法人番号, else municipality|normalised name.")] string MatchKey,
    [property: Description("matched by corporate_number, name or resolution.")] string? By,
    IReadOnlyList<MatchCandidate> Candidates);

public record ImportRowResult(
    int RowNumber,
    string OrganizationName,
    RowMatch Match,
    [property: Description("create, update, unchanged or rejected.")] string Outcome,
    IReadOnlyList<RowIssueDto> Issues);

public record ImportResult(
    [property: Description("The stored import (commit only); null for a dry run, which writes nothing.")] Guid? ImportId,
    [property: Description("dry_run or commit.")] string Mode,
    string FileName,
    [property: Description("csv or xlsx.")] string Format,
    [property: Description("utf-8 or shift_jis (as detected or stated).")] string Encoding,
    [property: Description("SHA-256 of the file.")] string Checksum,
    [property: Description("A committed import of the same file: re-importing it changed nothing.")] Guid? AlreadyImportedAs,
    IReadOnlyList<string> IgnoredHeaders,
    int Rows,
    int Created,
    int Updated,
    int Unchanged,
    int Rejected,
    int Warnings,
    IReadOnlyList<ImportRowResult> Items);

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
    int RowCount, int Created, int Updated, int Unchanged, int Rejected, DateTimeOffset CreatedAt)
{
    public static ImportSummary From(SurveyImport i) => new(i.Id, i.Kind, i.FileName, i.Checksum, i.Format, i.Encoding, i.Mode,
        i.RowCount, i.Created, i.Updated, i.Unchanged, i.Rejected, i.CreatedAt);
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

public record PublishResult(Guid SurveyId, string Source, int Organizations, int OrganizationsCreated, int Locations, int Services,
    IReadOnlyList<Guid> OrganizationIds, IReadOnlyList<string> Skipped);

public class SurveyRequestValidator : AbstractValidator<SurveyRequest>
{
    public SurveyRequestValidator()
    {
        RuleFor(s => s.Title).NotEmpty().MaximumLength(300).MustBeSingleLine();
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
        RuleFor(p => p.Name).NotEmpty().MaximumLength(300).MustBeSingleLine();
        RuleFor(p => p.Kind).Must(k => k is "answers" or "targets").WithMessage("kind is answers or targets.");
        RuleFor(p => p.Columns).NotEmpty();
        RuleFor(p => p.Columns).Must((p, columns) => columns is null || columns.Keys.All(k => MappingFields.For(p.Kind).Contains(k)))
            .WithMessage(p => $"Unknown fields: {string.Join(", ", (p.Columns ?? []).Keys.Where(k => !MappingFields.For(p.Kind).Contains(k)))}; use any of: {string.Join(", ", MappingFields.For(p.Kind))}.");
        RuleFor(p => p.Columns).Must(c => c is null || c.ContainsKey("organization_name"))
            .WithMessage("organization_name must be mapped: every row needs it.");
        RuleFor(p => p.Columns).Must(c => c is null || c.Values.All(h => h is { Count: > 0 and <= 20 } && h.All(x => !string.IsNullOrWhiteSpace(x) && x.Length <= 500)))
            .WithMessage("Each field needs 1–20 non-empty header texts.");
    }
}

public record MappingProfileRequest(
    string Name,
    [property: Description("answers (questionnaire exports) or targets (open-data NPO lists).")] string Kind,
    [property: Description("Field → header texts that mean it, e.g. {\"organization_name\": [\"団体名\", \"法人名\"]}.")] Dictionary<string, List<string>> Columns);

public record MappingProfileResponse(string Id, string Name, string Kind, IReadOnlyDictionary<string, List<string>> Columns,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static MappingProfileResponse From(MappingProfile p) => new(p.Id, p.Name, p.Kind, p.Columns, p.CreatedAt, p.UpdatedAt);
}

/// <summary>The fields a mapping profile can map headers to.</summary>
public static class MappingFields
{
    public static readonly IReadOnlyList<string> Answers =
    [
        "organization_name", "corporate_number", "address", "phone", "email", "organization_form", "activity_scope",
        "active_against_isolation", "problem_keywords", "activity_types", "municipal_commission", "frequency", "track_record",
        "need_to_act", "difficulties", "expectations", "activity_description", "case_description",
    ];

    public static readonly IReadOnlyList<string> Targets =
        ["organization_name", "corporate_number", "name_kana", "address", "established_on", "purpose", "fields"];

    public static IReadOnlyList<string> For(string? kind) => kind == "targets" ? Targets : Answers;
}
