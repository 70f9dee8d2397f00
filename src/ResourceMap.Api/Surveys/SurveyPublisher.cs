using FluentValidation;
using Microsoft.EntityFrameworkCore;
using ResourceMap.Api.Common;
using ResourceMap.Api.Locations;
using ResourceMap.Api.Organizations;
using ResourceMap.Api.Services;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Domain.Directory;
using ResourceMap.Domain.Surveys;
using ResourceMap.Domain.Taxonomy;
using ResourceMap.Infrastructure.Persistence;
using Location = ResourceMap.Domain.Directory.Location;

namespace ResourceMap.Api.Surveys;

/// <summary>
/// Makes a survey's accepted answers part of the directory through the same write rules as the API: an organisation
/// per answering target, its site at the geocoded point, and a service per activity type with a service area from
/// the activity scope. Records the survey creates carry source survey:&lt;id&gt;; every record it touches is
/// verified now. Free-text case descriptions are never copied. Re-publishing updates the same records.
/// </summary>
public sealed class SurveyPublisher(
    ResourceMapDbContext db,
    TaxonomyCatalog catalog,
    IValidator<OrganizationRequest> organizationValidator,
    OrganizationWriter organizations,
    LocationWriter locations,
    ServiceWriter services)
{
    public async Task<PublishResult> PublishAsync(Survey survey, CancellationToken ct)
    {
        var stamp = survey.SourceStamp;
        var answers = await db.SurveyAnswers.Where(a => a.SurveyId == survey.Id).OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).ToListAsync(ct);
        var targets = await db.SurveyTargets.Where(t => t.SurveyId == survey.Id && answers.Select(a => a.TargetId).Contains(t.Id))
            .ToDictionaryAsync(t => t.Id, ct);
        var skipped = new List<string>();
        var organizationIds = new List<Guid>();
        int created = 0, locations = 0, services = 0;

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var answer in answers)
        {
            var target = targets[answer.TargetId];
            var data = answer.Data;
            var organization = await OrganizationAsync(target, data, stamp, ct);
            if (organization is null)
            {
                skipped.Add($"{target.Name}: the organisation does not pass the directory's validation.");
                continue;
            }
            if (db.Entry(organization).State == EntityState.Added) created++;
            await db.SaveChangesAsync(ct);
            target.OrganizationId = organization.Id;
            organizationIds.Add(organization.Id);

            var location = await LocationAsync(answer, target, ct);
            if (location is not null)
            {
                locations++;
                answer.LocationId = location.Id;
            }
            await db.SaveChangesAsync(ct);

            if (data.ActiveAgainstIsolation == false) continue;
            foreach (var category in data.ActivityTypes)
            {
                var result = await ServiceAsync(survey, organization, location, target, data, category, stamp, ct);
                if (result is null) skipped.Add($"{target.Name}: the {category} service does not pass the directory's validation.");
                else services++;
            }
        }
        survey.Status = SurveyStatuses.Published;
        survey.PublishedAt = DateTimeOffset.UtcNow;
        survey.UpdatedAt = survey.PublishedAt.Value;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new PublishResult(survey.Id, stamp, organizationIds.Count, created, locations, services, organizationIds, skipped);
    }

    private async Task<Organization?> OrganizationAsync(SurveyTarget target, SurveyAnswerData data, string stamp, CancellationToken ct)
    {
        Organization? organization = null;
        if (target.OrganizationId is not null)
            organization = await db.Organizations.SingleOrDefaultAsync(o => o.Id == target.OrganizationId && o.ArchivedAt == null, ct);
        var number = target.CorporateNumber ?? data.CorporateNumber;
        if (organization is null && number is not null)
            organization = await db.Organizations.SingleOrDefaultAsync(o => o.CorporateNumber == number && o.ArchivedAt == null, ct);

        var phones = data.Phone is null ? [] : new List<PhoneDto> { new(data.Phone, "調査回答") };
        var request = new OrganizationRequest(
            organization?.Name ?? target.Name, organization?.NameKana ?? target.NameKana,
            data.LegalForm ?? organization?.LegalForm ?? target.LegalForm ?? "npo", number,
            data.ActivityDescription ?? organization?.Description, organization?.Website, data.Email ?? organization?.Email,
            phones.Count > 0 ? phones : organization?.Phones.Select(p => new PhoneDto(p.Number, p.Description)).ToList(),
            organization?.PlatformMember ?? false, organization?.PlatformRole, organization?.PlatformJoinedOn,
            organization?.OwnerMunicipalityCode ?? target.MunicipalityCode,
            // An existing record keeps its sharing scope and restricted fields: a survey answer does not carry them.
            organization?.SharingScope, organization?.SharedWithRegions, organization?.ContactPerson, organization?.InternalNotes);
        // A field a respondent mistyped (phone, e-mail) must not keep the organisation out of the directory.
        if (!(await organizationValidator.ValidateAsync(request, ct)).IsValid)
            request = request with { Phones = [], Email = null };
        if (!(await organizationValidator.ValidateAsync(request, ct)).IsValid) return null;

        var staged = await organizations.StageAsync(organization, request, DirectoryActor.System, ct, source: stamp);
        if (!staged.Succeeded) return null;
        organization = staged.Value!;
        // An organisation that entered the directory from a survey's target list takes its content from this answer
        // now; records that came from elsewhere (manual, sample) keep their origin.
        if (organization.Source.StartsWith("survey:", StringComparison.Ordinal)) organization.Source = stamp;
        return organization;
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
        var staged = await locations.StageAsync(location, request, DirectoryActor.System, ct);
        return staged.Value;
    }

    private async Task<Service?> ServiceAsync(Survey survey, Organization organization, Location? location, SurveyTarget target,
        SurveyAnswerData data, string category, string stamp, CancellationToken ct)
    {
        var label = catalog.Terms(Vocabularies.ServiceCategory).FirstOrDefault(t => t.Code == category)?.LabelJa ?? category;
        var name = category == "other" && data.OtherActivity is not null ? data.OtherActivity : label;
        var scope = data.ActivityScope;
        var request = new ServiceRequest(
            organization.Id, name, data.ActivityDescription, category, [], data.ProblemKeywords, [], false, [], null,
            data.Frequency, null, ["ja"], data.MunicipalCommission ?? false, null,
            scope is not (null or ServiceAreaLevels.PartOfMunicipality or ServiceAreaLevels.Municipality), null,
            location is null ? [] : [location.Id], Area(survey, target, scope));
        var service = await db.Services.Include(s => s.Locations).Include(s => s.ServiceArea)
            .SingleOrDefaultAsync(s => s.OrganizationId == organization.Id && s.Source == stamp && s.Category == category && s.ArchivedAt == null, ct);
        if (service is not null)
            request = request with
            {
                SharingScope = service.SharingScope,
                SharedWithRegions = service.SharedWithRegions,
                RestrictedPhone = service.RestrictedPhone,
                RestrictedEmail = service.RestrictedEmail,
                CapacityDetails = service.CapacityDetails,
            };
        var staged = await services.StageAsync(service, request, DirectoryActor.System, ct, source: stamp);
        if (!staged.Succeeded) return null;
        await services.SaveAsync(staged.Value!, ct);
        return staged.Value;
    }

    /// <summary>The survey's activity scope (活動の範囲) as a service area.</summary>
    private static ServiceAreaDto Area(Survey survey, SurveyTarget target, string? scope)
    {
        var home = target.MunicipalityCode;
        return scope switch
        {
            ServiceAreaLevels.PartOfMunicipality => new(ServiceAreaLevels.PartOfMunicipality, [home], null, null, null, null),
            ServiceAreaLevels.MultipleMunicipalities or ServiceAreaLevels.Region when survey.RegionId is not null =>
                new(ServiceAreaLevels.Region, [], survey.RegionId, null, null, null),
            ServiceAreaLevels.MultipleMunicipalities or ServiceAreaLevels.Region when survey.MunicipalityCodes.Count >= 2 =>
                new(ServiceAreaLevels.MultipleMunicipalities, survey.MunicipalityCodes.ToList(), null, null, null, null),
            ServiceAreaLevels.Prefecture => new(ServiceAreaLevels.Prefecture, [], null, home[..2], null, null),
            ServiceAreaLevels.National => new(ServiceAreaLevels.National, [], null, null, null, null),
            _ => new(ServiceAreaLevels.Municipality, [home], null, null, null, null),
        };
    }
}
