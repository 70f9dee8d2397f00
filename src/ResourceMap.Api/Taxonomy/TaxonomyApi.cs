using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using ResourceMap.Api.Common;

namespace ResourceMap.Api.Taxonomy;

public record VocabularyResponse(string Id, string LabelJa, string LabelEn, int TermCount);

public record TermResponse(
    [property: Description("Stable English code used in the API, e.g. ibasho.")] string Code,
    string LabelJa,
    string LabelEn,
    [property: Description("Other Japanese wordings accepted on import.")] IReadOnlyList<string> Aliases);

public record VocabularyTermsResponse(string Id, string LabelJa, string LabelEn, IReadOnlyList<TermResponse> Terms);

public static class TaxonomyApi
{
    public static RouteGroupBuilder MapTaxonomyApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/taxonomy").WithTags("Taxonomy");
        group.MapGet("/", (TaxonomyCatalog catalog) => TypedResults.Ok(
                catalog.Vocabularies.Select(v => new VocabularyResponse(v.Id, v.LabelJa, v.LabelEn, catalog.Terms(v.Id).Count)).ToList())).WithName("ListVocabularies")
            .WithSummary("List the controlled vocabularies")
            .WithDescription("service_category, target_group, problem_keyword, channel, legal_form, frequency, service_area_level, platform_role, location_precision, language, region_kind, survey_difficulty, survey_expectation.");
        group.MapGet("/{vocabulary}", GetVocabulary).WithName("GetVocabulary")
            .WithSummary("List the terms of one vocabulary with Japanese and English labels");
        return group;
    }

    private static Results<Ok<VocabularyTermsResponse>, ProblemHttpResult> GetVocabulary(
        [Description("Vocabulary id, e.g. service_category.")] string vocabulary, TaxonomyCatalog catalog)
    {
        var found = catalog.Vocabularies.FirstOrDefault(v => v.Id == vocabulary);
        if (found is null) return Problems.NotFoundProblem("vocabulary", vocabulary);
        return TypedResults.Ok(new VocabularyTermsResponse(found.Id, found.LabelJa, found.LabelEn,
            catalog.Terms(vocabulary).Select(t => new TermResponse(t.Code, t.LabelJa, t.LabelEn, t.Aliases)).ToList()));
    }
}
