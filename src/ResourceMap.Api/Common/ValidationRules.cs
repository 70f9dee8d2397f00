using FluentValidation;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Domain.Directory;
using ResourceMap.Domain.Geography;

namespace ResourceMap.Api.Common;

/// <summary>Rules shared by the request validators, each with a message that names the reason.</summary>
public static class ValidationRules
{
    public static IRuleBuilderOptionsConditions<T, string?> MustBeMunicipalityCode<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Custom((value, context) =>
        {
            if (value is not null && !MunicipalityCode.TryParse(value, out _, out var error)) context.AddFailure(error!);
        });

    public static IRuleBuilderOptionsConditions<T, string?> MustBeCorporateNumber<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Custom((value, context) =>
        {
            if (value is not null && !CorporateNumber.TryParse(value, out _, out var error)) context.AddFailure(error!);
        });

    public static IRuleBuilderOptions<T, string?> MustBeTerm<T>(this IRuleBuilder<T, string?> rule, TaxonomyCatalog catalog, string vocabulary) =>
        rule.Must(code => code is null || catalog.Contains(vocabulary, code))
            .WithMessage((_, code) => $"'{code}' is not a {vocabulary} code; use one of: {catalog.Codes(vocabulary)}.");

    public static IRuleBuilderOptions<T, List<string>?> MustBeTerms<T>(this IRuleBuilder<T, List<string>?> rule, TaxonomyCatalog catalog, string vocabulary) =>
        rule.Must(codes => codes is null || codes.All(c => catalog.Contains(vocabulary, c)))
            .WithMessage((_, codes) =>
                $"Unknown {vocabulary} codes: {string.Join(", ", codes!.Where(c => !catalog.Contains(vocabulary, c)))}; use any of: {catalog.Codes(vocabulary)}.")
            .Must(codes => codes is null || codes.Count <= 50).WithMessage("At most 50 codes.");

    public static IRuleBuilderOptions<T, string?> MustBeHttpUrl<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(url => url is null || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            .WithMessage("Must be an absolute http(s) URL.").MaximumLength(2000);

    /// <summary>Names and titles: one line of text, no control characters (tab and line breaks included).</summary>
    public static IRuleBuilderOptions<T, string?> MustBeSingleLine<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(Hosting.TextRules.IsSingleLine).WithMessage("Must be one line of text without control characters (tabs, line breaks …).");

    public static IRuleBuilderOptions<T, string?> MustBeSharingScope<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(scope => scope is null || SharingScopes.All.Contains(scope))
            .WithMessage((_, scope) => $"'{scope}' is not a sharing scope; use one of: {string.Join(", ", SharingScopes.All)}.");

    /// <summary>
    /// shared_with_regions says whose staff a record is shared with: with partners they may read it (at least one region
    /// needed), with public (readable by all) they get its restricted fields; owner records are never shared.
    /// </summary>
    public static IRuleBuilderOptions<T, List<string>?> MustFitSharingScope<T>(this IRuleBuilder<T, List<string>?> rule, Func<T, string?> scope) =>
        rule.Must((o, regions) => scope(o) != SharingScopes.Owner || regions is null || regions.Count == 0)
            .WithMessage("shared_with_regions does not apply to sharing_scope owner: only the owner municipality's staff read it.")
            .Must((o, regions) => scope(o) != SharingScopes.Partners || regions is { Count: > 0 })
            .WithMessage("sharing_scope partners needs at least one region in shared_with_regions.")
            .Must(regions => regions is null || regions.Count <= 20).WithMessage("At most 20 regions.");
}
