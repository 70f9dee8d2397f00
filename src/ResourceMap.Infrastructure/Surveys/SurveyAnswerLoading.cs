using Microsoft.EntityFrameworkCore;
using ResourceMap.Domain.Surveys;
using ResourceMap.Infrastructure.Persistence;

namespace ResourceMap.Infrastructure.Surveys;

/// <summary>
/// Loads a survey's answers with their data, which lives in the import row that answers for each (decision 18): one
/// join on that row's key, in answer order (created, then id).
/// </summary>
public static class SurveyAnswerLoading
{
    /// <param name="tracking">Whether the answers are tracked (publishing updates them).</param>
    public static async Task<List<SurveyAnswer>> AnswersWithDataAsync(this ResourceMapDbContext db, Guid surveyId, bool tracking,
        CancellationToken ct)
    {
        var answers = tracking ? db.SurveyAnswers : db.SurveyAnswers.AsNoTracking();
        var loaded = await answers.Where(a => a.SurveyId == surveyId)
            .Join(db.SurveyAnswerRows, a => new { a.ImportId, a.RowNumber }, r => new { r.ImportId, r.RowNumber }, (a, r) => new { Answer = a, r.Data })
            .OrderBy(x => x.Answer.CreatedAt).ThenBy(x => x.Answer.Id)
            .ToListAsync(ct);
        foreach (var x in loaded) x.Answer.Data = x.Data;
        return loaded.Select(x => x.Answer).ToList();
    }
}
