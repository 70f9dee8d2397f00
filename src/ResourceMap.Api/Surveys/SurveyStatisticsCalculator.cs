using Microsoft.EntityFrameworkCore;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Domain.Surveys;
using ResourceMap.Domain.Taxonomy;
using ResourceMap.Infrastructure.Persistence;
using ResourceMap.Infrastructure.Surveys;

namespace ResourceMap.Api.Surveys;

/// <summary>Progress and results of a survey, counted from its targets and its current accepted answers.</summary>
public sealed class SurveyStatisticsCalculator(ResourceMapDbContext db, TaxonomyCatalog catalog)
{
    public async Task<SurveyProgress> ProgressAsync(Guid surveyId, CancellationToken ct)
    {
        var byStatus = await db.SurveyTargets.Where(t => t.SurveyId == surveyId).GroupBy(t => t.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var statuses = TargetStatuses.All.ToDictionary(s => s, s => byStatus.GetValueOrDefault(s));
        var byMunicipality = await db.SurveyAnswers.Where(a => a.SurveyId == surveyId).GroupBy(a => a.MunicipalityCode)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return new SurveyProgress(statuses, Rate(statuses), new SortedDictionary<string, int>(byMunicipality).ToDictionary());
    }

    /// <param name="includeRawAnswers">Whether free-text answers are included; the caller decides who they are shared with.</param>
    public async Task<SurveyStatistics> StatisticsAsync(Guid surveyId, bool includeRawAnswers, CancellationToken ct)
    {
        var progress = await ProgressAsync(surveyId, ct);
        var answers = await db.AnswersWithDataAsync(surveyId, tracking: false, ct);
        var names = await db.Municipalities.AsNoTracking()
            .Where(m => db.SurveyAnswers.Any(a => a.SurveyId == surveyId && a.MunicipalityCode == m.Code))
            .ToDictionaryAsync(m => m.Code, m => m.Name, ct);
        var data = answers.Select(a => a.Data).ToList();
        var active = data.Count(d => d.ActiveAgainstIsolation == true);
        return new SurveyStatistics(
            surveyId, progress.ResponseRate, data.Count, active, Percent(active, data.Count),
            data.Count(d => d.NeedToAct == true), data.Count(d => d.TrackRecord == true),
            Count(Vocabularies.ServiceCategory, data.SelectMany(d => d.ActivityTypes)),
            includeRawAnswers ? data.Where(d => d.OtherActivity is not null).Select(d => d.OtherActivity!).Order(StringComparer.Ordinal).ToList() : null,
            Count(Vocabularies.ProblemKeyword, data.SelectMany(d => d.ProblemKeywords)),
            answers.GroupBy(a => a.MunicipalityCode).OrderByDescending(g => g.Count()).ThenBy(g => g.Key)
                .Select(g => new LabelledCount(g.Key, names.GetValueOrDefault(g.Key, g.Key), g.Key, g.Count())).ToList(),
            Count(Vocabularies.LegalForm, data.Where(d => d.LegalForm is not null).Select(d => d.LegalForm!)),
            Count(Vocabularies.ServiceAreaLevel, data.Where(d => d.ActivityScope is not null).Select(d => d.ActivityScope!)),
            Count(Vocabularies.SurveyDifficulty, data.SelectMany(d => d.Difficulties)),
            Count(Vocabularies.SurveyExpectation, data.SelectMany(d => d.Expectations)));
    }

    private List<LabelledCount> Count(string vocabulary, IEnumerable<string> codes)
    {
        var terms = catalog.Terms(vocabulary).ToDictionary(t => t.Code);
        return codes.GroupBy(c => c).OrderByDescending(g => g.Count()).ThenBy(g => terms.TryGetValue(g.Key, out var t) ? t.SortOrder : int.MaxValue)
            .Select(g => terms.TryGetValue(g.Key, out var term)
                ? new LabelledCount(g.Key, term.LabelJa, term.LabelEn, g.Count())
                : new LabelledCount(g.Key, g.Key, g.Key, g.Count()))
            .ToList();
    }

    private static ResponseRate Rate(Dictionary<string, int> statuses)
    {
        var total = statuses.Values.Sum();
        var answered = statuses.GetValueOrDefault(TargetStatuses.Answered);
        return new ResponseRate(answered, total, Percent(answered, total));
    }

    public static double Percent(int part, int whole) => whole == 0 ? 0 : Math.Round(100.0 * part / whole, 1, MidpointRounding.AwayFromZero);
}
