using System.ComponentModel;
using FluentValidation;
using ResourceMap.Api.Common;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Domain.Surveys;
using ResourceMap.Domain.Taxonomy;

namespace ResourceMap.Api.Surveys;

public record AddDirectoryTargetsRequest(
    [property: Description("legal_form codes to include, e.g. [\"npo\", \"certified_npo\"]; empty or null for every form.")] List<string>? LegalForms);

public record TargetResponse(
    Guid Id,
    Guid? OrganizationId,
    string Name,
    string? NameKana,
    string? CorporateNumber,
    string? LegalForm,
    string? Address,
    string MunicipalityCode,
    double? Lat,
    double? Lng,
    string? Precision,
    [property: Description("directory or open_data.")] string Origin,
    [property: Description("pending, sent, answered, declined or undeliverable.")] string Status,
    DateTimeOffset StatusChangedAt,
    DateTimeOffset? SentAt,
    DateTimeOffset? AnsweredAt)
{
    public static TargetResponse From(SurveyTarget t) => new(t.Id, t.OrganizationId, t.Name, t.NameKana, t.CorporateNumber, t.LegalForm,
        t.Address, t.MunicipalityCode, t.Lat, t.Lng, t.Precision, t.Origin, t.Status, t.StatusChangedAt, t.SentAt, t.AnsweredAt);
}

public record TargetStatusRequest([property: Description("pending, sent, declined or undeliverable (answered is set by an answer import).")] string Status);

public record TargetImportResult(
    string FileName,
    string Encoding,
    int Rows,
    [property: Description("New targets.")] int Added,
    [property: Description("Rows whose 法人番号 was already a target (updated in place).")] int AlreadyPresent,
    int Rejected,
    IReadOnlyList<ImportRowResult> Items);

public class AddDirectoryTargetsRequestValidator : AbstractValidator<AddDirectoryTargetsRequest>
{
    public AddDirectoryTargetsRequestValidator(TaxonomyCatalog catalog) =>
        RuleFor(r => r.LegalForms).MustBeTerms(catalog, Vocabularies.LegalForm);
}
