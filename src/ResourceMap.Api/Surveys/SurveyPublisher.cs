using FluentValidation;
using Microsoft.EntityFrameworkCore;
using ResourceMap.Api.Common;
using ResourceMap.Api.Locations;
using ResourceMap.Api.Organizations;
using ResourceMap.Api.Services;
using ResourceMap.Domain.Directory;
using ResourceMap.Domain.Surveys;
using ResourceMap.Infrastructure.Persistence;
using ResourceMap.Infrastructure.Surveys;
using Location = ResourceMap.Domain.Directory.Location;

namespace ResourceMap.Api.Surveys;

/// <summary>
/// Makes a survey's accepted answers part of the directory as a reviewed merge, through the same write rules as the
/// API. The <see cref="SurveyPublishPlanner"/> decides which organisation each answer goes into and which fields
/// would change; this class writes the changes that apply (by default, or accepted in the request) and nothing else:
/// existing phones, description, legal form and sharing settings of a record from elsewhere stay unless accepted.
/// Each activity type becomes one service, remembered per survey and target, so re-publishing updates it. Free-text
/// case descriptions are never copied.
/// </summary>
public sealed class SurveyPublisher(
    ResourceMapDbContext db,
    SurveyPublishPlanner planner,
    IValidator<OrganizationRequest> organizationValidator,
    OrganizationWriter organizations,
    LocationWriter locationWriter,
    ServiceWriter serviceWriter)
{
    public async Task<PublishPreview> PreviewAsync(Survey survey, CancellationToken ct) => (await planner.PlanAsync(survey, ct)).ToPreview();

    /// <returns>The result, or the decisions that name no record or change of the plan (field → reasons).</returns>
    public async Task<(PublishResult? Result, Dictionary<string, string[]>? Errors)> PublishAsync(Survey survey, IReadOnlyList<PublishDecision> decisions,
        CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // One publish of a survey at a time, across API processes: a second waits and then finds the records in place.
        await SurveyWriteLock.AcquireAsync(db, survey.Id, ct);
        var plan = await planner.PlanAsync(survey, ct);
        var errors = CheckDecisions(plan, decisions);
        if (errors.Count > 0) return (null, errors);

        var stamp = survey.SourceStamp;
        var skipped = new List<string>();
        var organizationIds = new List<Guid>();
        int created = 0, locations = 0, services = 0, servicesCreated = 0, applied = 0, notApplied = 0;
        foreach (var record in plan.Records)
        {
            var target = record.Target;
            if (record.Skip is not null)
            {
                skipped.Add($"{target.Name}: {record.Skip.ReasonEn}");
                continue;
            }
            var recordDecision = decisions.LastOrDefault(d => d.TargetId == target.Id && d.Field is null)?.Decision;
            if (recordDecision == PublishDecisions.Skip)
            {
                notApplied += record.Changes.Count;
                skipped.Add($"{target.Name}: skipped by the publish request.");
                continue;
            }
            bool Applies(PlannedChange change)
            {
                var decision = decisions.LastOrDefault(d => d.TargetId == target.Id && d.Field == change.Field)?.Decision ?? recordDecision;
                var applies = decision is null ? !change.Held : decision == PublishDecisions.Accept;
                if (applies) applied++;
                else notApplied++;
                return applies;
            }

            var organization = await OrganizationAsync(record, Applies, stamp, ct);
            if (organization is null)
            {
                skipped.Add($"{target.Name}: the organisation does not pass the directory's validation.");
                continue;
            }
            if (db.Entry(organization).State == EntityState.Added) created++;
            await db.SaveChangesAsync(ct);
            target.OrganizationId = organization.Id;
            organizationIds.Add(organization.Id);

            var location = await LocationAsync(record.Answer, target, ct);
            if (location is not null)
            {
                locations++;
                record.Answer.LocationId = location.Id;
            }
            await db.SaveChangesAsync(ct);

            foreach (var planned in record.Services)
            {
                if (planned.Existing?.ArchivedAt is not null)
                {
                    skipped.Add($"{target.Name}: the {planned.Category} service was archived in the directory; it is not published again.");
                    continue;
                }
                var result = await ServiceAsync(survey, record, planned, organization, location, Applies, ct);
                if (result is null) skipped.Add($"{target.Name}: the {planned.Category} service does not pass the directory's validation.");
                else if (result.Value.Written)
                {
                    services++;
                    if (result.Value.Created) servicesCreated++;
                }
            }
        }
        survey.Status = SurveyStatuses.Published;
        survey.PublishedAt = DateTimeOffset.UtcNow;
        survey.UpdatedAt = survey.PublishedAt.Value;
        db.Surveys.Update(survey);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (new PublishResult(survey.Id, stamp, organizationIds.Count, created, locations, services, servicesCreated, applied, notApplied,
            organizationIds, skipped), null);
    }

    private static Dictionary<string, string[]> CheckDecisions(PublishPlan plan, IReadOnlyList<PublishDecision> decisions)
    {
        var errors = new Dictionary<string, string[]>();
        var records = plan.Records.ToDictionary(r => r.Target.Id);
        for (var i = 0; i < decisions.Count; i++)
        {
            var decision = decisions[i];
            if (!records.TryGetValue(decision.TargetId, out var record))
                errors[$"decisions[{i}].target_id"] = [$"The survey has no answer to publish for target {decision.TargetId}."];
            else if (decision.Field is not null && record.Changes.All(c => c.Field != decision.Field))
                errors[$"decisions[{i}].field"] =
                [
                    $"'{decision.Field}' is not a change of this record; the preview lists: {string.Join(", ", record.Changes.Select(c => c.Field).DefaultIfEmpty("(none)"))}.",
                ];
        }
        return errors;
    }

    private async Task<Organization?> OrganizationAsync(PlannedRecord record, Func<PlannedChange, bool> applies, string stamp, CancellationToken ct)
    {
        var request = record.Current!;
        var changed = false;
        foreach (var change in record.Changes.Where(c => c.Field.StartsWith("organization.", StringComparison.Ordinal)))
        {
            if (!applies(change)) continue;
            changed = true;
            request = change.Field switch
            {
                "organization.legal_form" => request with { LegalForm = (string)change.New! },
                "organization.corporate_number" => request with { CorporateNumber = (string)change.New! },
                "organization.description" => request with { Description = (string)change.New! },
                "organization.email" => request with { Email = (string)change.New! },
                "organization.phones" => request with { Phones = (List<PhoneDto>)change.New! },
                _ => request,
            };
        }
        // A field a respondent mistyped (phone, e-mail) must not keep the organisation out of the directory.
        if (!(await organizationValidator.ValidateAsync(request, ct)).IsValid)
            request = request with { Phones = record.Current!.Phones, Email = record.Current.Email };
        if (!(await organizationValidator.ValidateAsync(request, ct)).IsValid) return null;

        var organization = record.Organization;
        if (organization is not null && !changed)
        {
            DirectoryWrites.StampVerified(organization);
            return organization;
        }
        var staged = await organizations.StageAsync(organization, request, DirectoryActor.System, ct, source: stamp);
        if (!staged.Succeeded) return null;
        // A merged record keeps its origin, another survey's included: were it to become this survey's, the changes
        // held now would apply unasked when the survey is published again.
        return staged.Value!;
    }

    private async Task<Location?> LocationAsync(SurveyAnswer answer, SurveyTarget target, CancellationToken ct)
    {
        var data = answer.Data;
        var (lat, lng, precision, address, municipality) = data.Lat is not null
            ? (data.Lat.Value, data.Lng!.Value, data.Precision!, data.Address!, data.GeocodedMunicipalityCode)
            : target.Lat is not null ? (target.Lat.Value, target.Lng!.Value, target.Precision!, target.Address!, target.MunicipalityCode)
            : (0d, 0d, "", "", null);
        if (municipality is null) return null;
        var request = new LocationRequest(null, address, null, municipality, lat, lng, precision);
        var location = answer.LocationId is null ? null : await db.Locations.SingleOrDefaultAsync(l => l.Id == answer.LocationId && l.ArchivedAt == null, ct);
        var staged = await locationWriter.StageAsync(location, request, DirectoryActor.System, ct);
        return staged.Value;
    }

    /// <returns>null when the directory's validation refuses the service; Written false when nothing was to be written.</returns>
    private async Task<(bool Written, bool Created)?> ServiceAsync(Survey survey, PlannedRecord record, PlannedService planned, Organization organization,
        Location? location, Func<PlannedChange, bool> applies, CancellationToken ct)
    {
        var prefix = $"services.{planned.Category}";
        var service = planned.Existing;
        ServiceRequest request;
        if (service is null)
        {
            if (!applies(record.Changes.Single(c => c.Field == prefix))) return (false, false);
            request = planned.Proposed with { OrganizationId = organization.Id, LocationIds = location is null ? [] : [location.Id] };
        }
        else
        {
            request = ServiceResponse.ToRequest(service);
            var proposed = planned.Proposed;
            foreach (var change in record.Changes.Where(c => c.Field.StartsWith(prefix + ".", StringComparison.Ordinal)))
            {
                if (!applies(change)) continue;
                request = change.Field[(prefix.Length + 1)..] switch
                {
                    "name" => request with { Name = proposed.Name },
                    "description" => request with { Description = proposed.Description },
                    "problem_keywords" => request with { ProblemKeywords = proposed.ProblemKeywords },
                    "frequency" => request with { Frequency = proposed.Frequency },
                    "commissioned_by_municipality" => request with { CommissionedByMunicipality = proposed.CommissionedByMunicipality },
                    "accepts_other_municipalities" => request with { AcceptsOtherMunicipalities = proposed.AcceptsOtherMunicipalities },
                    "service_area" => request with { ServiceArea = proposed.ServiceArea },
                    _ => request,
                };
            }
            if (location is not null && !(request.LocationIds ?? []).Contains(location.Id))
                request = request with { LocationIds = [.. request.LocationIds ?? [], location.Id] };
        }
        var isNew = service is null;
        var staged = await serviceWriter.StageAsync(service, request, DirectoryActor.System, ct, source: isNew ? survey.SourceStamp : null);
        if (!staged.Succeeded) return null;
        service = staged.Value!;
        if (!planned.Linked)
            db.SurveyPublishedServices.Add(new SurveyPublishedService
            {
                SurveyId = survey.Id, TargetId = record.Target.Id, Category = planned.Category, ServiceId = service.Id,
                PublishedAt = DateTimeOffset.UtcNow,
            });
        await serviceWriter.SaveAsync(service, ct);
        return (true, isNew);
    }
}
