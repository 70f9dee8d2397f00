using System.ComponentModel;
using FluentValidation;
using ResourceMap.Api.Common;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Domain.Surveys;
using ResourceMap.Domain.Taxonomy;

namespace ResourceMap.Api.Surveys;

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
