using System.ComponentModel;
using System.Text.Json.Nodes;
using FluentValidation;

namespace ResourceMap.Api.Surveys;

public record PublishRequest(
    [property: Description("Decisions on the changes the preview lists: accept or skip a whole record (field null) or one change (its field). " +
                           "Without a decision a change follows its default: apply, or hold (not written).")]
    List<PublishDecision>? Decisions);

public record PublishDecision(
    [property: Description("The target (preview: records[].target_id).")] Guid TargetId,
    [property: Description("A change's field as the preview names it (organization.description, services.ibasho, services.ibasho.frequency …); null for the whole record.")] string? Field,
    [property: Description("accept (write it, held or not) or skip (leave the directory as it is).")] string Decision);

public record PublishChange(
    [property: Description("organization.<field>, services.<category> (a new service) or services.<category>.<field>.")] string Field,
    [property: Description("The value in the directory now (null for a new record).")] JsonNode? Old,
    [property: Description("The value the answer gives.")] JsonNode? New,
    [property: Description("apply (written unless skipped) or hold (written only when accepted: it would replace a value the directory holds in a record that did not come from this survey).")] string Default,
    [property: Description("new record, record from this survey, fills an empty field, or replaces a value the directory holds.")] string Reason);

public record PublishPreviewRecord(
    Guid TargetId,
    string TargetName,
    [property: Description("The answer's 法人番号 (else the target's).")] string? CorporateNumber,
    [property: Description("The directory organisation the answer goes into; null when publishing creates it.")] Guid? OrganizationId,
    string? OrganizationName,
    [property: Description("Where that organisation came from (sample, manual, survey:<id> …).")] string? OrganizationSource,
    [property: Description("create, merge, unchanged or skip.")] string Action,
    [property: Description("Why the record is skipped (a 法人番号 that differs from the directory record's, an archived record).")] RowIssueDto? SkipReason,
    IReadOnlyList<PublishChange> Changes);

public record PublishPreview(
    Guid SurveyId,
    int Answers,
    int Create,
    int Merge,
    int Unchanged,
    int Skip,
    [property: Description("Changes that publishing leaves out unless the request accepts them.")] int HeldChanges,
    IReadOnlyList<PublishPreviewRecord> Records);

public record PublishResult(Guid SurveyId, string Source, int Organizations, int OrganizationsCreated, int Locations, int Services,
    [property: Description("Services created by this publish (the others were updated or left as they were).")] int ServicesCreated,
    [property: Description("Changes written.")] int ChangesApplied,
    [property: Description("Changes not written: held without an accept, or skipped.")] int ChangesNotApplied,
    IReadOnlyList<Guid> OrganizationIds, IReadOnlyList<string> Skipped);

public class PublishRequestValidator : AbstractValidator<PublishRequest>
{
    public PublishRequestValidator()
    {
        RuleFor(r => r.Decisions).Must(d => d is null || d.Count <= 100_000).WithMessage("At most 100,000 decisions.");
        RuleForEach(r => r.Decisions).ChildRules(d =>
        {
            d.RuleFor(x => x.Decision).Must(x => x is PublishDecisions.Accept or PublishDecisions.Skip).WithMessage("decision is accept or skip.");
            d.RuleFor(x => x.Field).MaximumLength(200);
        });
    }
}
