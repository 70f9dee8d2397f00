using ResourceMap.Api.Common;
using ResourceMap.Domain.Directory;
using ResourceMap.Domain.Surveys;

namespace ResourceMap.Api.Surveys;

/// <summary>
/// A survey target tied to a directory organisation counts only for callers who may read that organisation: the
/// target list and answer matching both go through this, so a survey never names a hidden organisation, not even as
/// a match candidate in an import report.
/// </summary>
public static class SurveyTargetVisibility
{
    public static IQueryable<SurveyTarget> ReadableBy(this IQueryable<SurveyTarget> targets, IQueryable<Organization> organizations, Viewer viewer)
    {
        var readable = organizations.Where(viewer.ReadableOrganizations());
        return targets.Where(t => t.OrganizationId == null || readable.Any(o => o.Id == t.OrganizationId));
    }
}
