namespace ResourceMap.Domain.Taxonomy;

/// <summary>A controlled-vocabulary code with its Japanese and English labels (HSDS taxonomy_term).</summary>
public class TaxonomyTerm
{
    public required string Vocabulary { get; set; }
    public required string Code { get; set; }
    public required string LabelJa { get; set; }
    public required string LabelEn { get; set; }
    /// <summary>Other Japanese wordings accepted on import (e.g. 相談窓口の開設 for consultation).</summary>
    public List<string> Aliases { get; set; } = [];
    public int SortOrder { get; set; }
}

public class TaxonomyVocabulary
{
    public required string Id { get; set; }
    public required string LabelJa { get; set; }
    public required string LabelEn { get; set; }
}

/// <summary>The vocabulary ids the model validates against.</summary>
public static class Vocabularies
{
    public const string ServiceCategory = "service_category";
    public const string TargetGroup = "target_group";
    public const string ProblemKeyword = "problem_keyword";
    public const string Channel = "channel";
    public const string LegalForm = "legal_form";
    public const string Frequency = "frequency";
    public const string ServiceAreaLevel = "service_area_level";
    public const string PlatformRole = "platform_role";
    public const string LocationPrecision = "location_precision";
    public const string Language = "language";
    public const string RegionKind = "region_kind";
    public const string SurveyDifficulty = "survey_difficulty";
    public const string SurveyExpectation = "survey_expectation";
}
