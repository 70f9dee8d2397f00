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
