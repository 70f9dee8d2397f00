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
    [property: Description("Field → header texts that mean it, e.g. {\"organization_name\": [\"団体名\", \"法人名\"]}.")] Dictionary<string, List<string>> Columns,
    [property: Description("The municipality that owns the profile (its editors change it, its surveys use it); null: shared, admins only. An editor's key defaults to its home municipality.")] string? MunicipalityCode = null,
    [property: Description("Where the table is and how answers read: header_row, sheet, value_maps, option_columns, other_text_columns, unknown_options_as_other, joined_columns.")] MappingOptions? Options = null);

public record MappingProfileResponse(string Id, string Name, string Kind, string? MunicipalityCode, IReadOnlyDictionary<string, List<string>> Columns,
    MappingOptions Options, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static MappingProfileResponse From(MappingProfile p) => new(p.Id, p.Name, p.Kind, p.MunicipalityCode, p.Columns, p.Options, p.CreatedAt, p.UpdatedAt);
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
