using System.ComponentModel;
using FluentValidation;
using ResourceMap.Api.Common;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Domain.Surveys;
using ResourceMap.Domain.Taxonomy;

namespace ResourceMap.Api.Surveys;

public record MappingProfileRequest(
    string Name,
    [property: Description("answers (questionnaire exports) or targets (open-data NPO lists).")] string Kind,
    [property: Description("Field → header texts that mean it, e.g. {\"organization_name\": [\"団体名\", \"法人名\"]}.")] Dictionary<string, List<string>> Columns);

public record MappingProfileResponse(string Id, string Name, string Kind, IReadOnlyDictionary<string, List<string>> Columns,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static MappingProfileResponse From(MappingProfile p) => new(p.Id, p.Name, p.Kind, p.Columns, p.CreatedAt, p.UpdatedAt);
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
