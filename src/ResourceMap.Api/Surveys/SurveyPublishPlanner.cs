using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ResourceMap.Api.Organizations;
using ResourceMap.Api.Services;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Domain.Directory;
using ResourceMap.Domain.Surveys;
using ResourceMap.Domain.Taxonomy;
using ResourceMap.Domain.Text;
using ResourceMap.Infrastructure.Persistence;
using ResourceMap.Infrastructure.Surveys;

namespace ResourceMap.Api.Surveys;

/// <summary>
/// What publishing a survey would do to the directory, field by field: for each answer the organisation it goes into
/// (created, merged into an existing one, or skipped with the reason) and, per organisation field and per service,
/// the old and new value. A change that would replace a value the directory already holds in a record that did not
/// come from this survey is <c>held</c>: it is written only when the publish request accepts it. The preview shows
/// this plan; publishing applies it with the request's decisions, so both follow one set of rules.
/// </summary>
public sealed class SurveyPublishPlanner(ResourceMapDbContext db, TaxonomyCatalog catalog)
{
    private static readonly JsonSerializerOptions ValueJson = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async Task<PublishPlan> PlanAsync(Survey survey, CancellationToken ct)
    {
        var stamp = survey.SourceStamp;
        var answers = await db.AnswersWithDataAsync(survey.Id, tracking: true, ct);
        var targetIds = answers.Select(a => a.TargetId).ToList();
        var targets = await db.SurveyTargets.Where(t => t.SurveyId == survey.Id && targetIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        var links = await db.SurveyPublishedServices.Where(p => p.SurveyId == survey.Id).ToListAsync(ct);
        var linkedServiceIds = links.Select(l => l.ServiceId).ToList();
        var linkedServices = await db.Services.Include(s => s.Locations).Include(s => s.ServiceArea)
            .Where(s => linkedServiceIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);

        var records = new List<PlannedRecord>();
        foreach (var answer in answers)
        {
            var target = targets[answer.TargetId];
            var data = answer.Data;
            var number = data.CorporateNumber ?? target.CorporateNumber;
            var (organization, skip) = await OrganizationOfAsync(target, data, number, ct);
            if (skip is not null)
            {
                records.Add(new PlannedRecord(answer, target, organization, PublishActions.Skip, skip, null, [], []));
                continue;
            }
            var isNew = organization is null;
            var fromThisSurvey = organization?.Source == stamp;
            var current = organization is null
                ? new OrganizationRequest(target.Name, target.NameKana, target.LegalForm ?? "npo", number, null, null, null, [], false, null, null,
                    target.MunicipalityCode)
                : OrganizationResponse.ToRequest(organization);
            var changes = new List<PlannedChange>();
            void Propose(string field, object? old, object? proposed)
            {
                if (proposed is null || Same(old, proposed)) return;
                var held = !(isNew || fromThisSurvey || IsEmpty(old));
                changes.Add(new PlannedChange(field, old, proposed, held, Reason(isNew, fromThisSurvey, old)));
            }
            Propose("organization.legal_form", organization?.LegalForm, data.LegalForm);
            if (organization?.CorporateNumber is null) Propose("organization.corporate_number", organization?.CorporateNumber, number);
            Propose("organization.description", current.Description, data.ActivityDescription);
            Propose("organization.email", current.Email, data.Email);
            var phones = current.Phones ?? [];
            if (data.Phone is not null && phones.All(p => Digits(p.Number) != Digits(data.Phone)))
                Propose("organization.phones", phones, phones.Append(new PhoneDto(data.Phone, "調査回答")).ToList());

            var services = new List<PlannedService>();
            if (data.ActiveAgainstIsolation != false)
                foreach (var category in data.ActivityTypes.Distinct())
                {
                    var proposed = ServiceRequestFor(survey, organization?.Id ?? Guid.Empty, target, data, category);
                    var link = links.FirstOrDefault(l => l.TargetId == target.Id && l.Category == category);
                    var existing = link is not null && linkedServices.TryGetValue(link.ServiceId, out var linked) ? linked
                        : organization is null ? null
                        // Published before links were kept: the survey's own service of this category.
                        : await db.Services.Include(s => s.Locations).Include(s => s.ServiceArea)
                            .FirstOrDefaultAsync(s => s.OrganizationId == organization.Id && s.Source == stamp && s.Category == category, ct);
                    if (existing is null)
                    {
                        changes.Add(new PlannedChange($"services.{category}", null,
                            new { proposed.Name, proposed.Category, service_area = proposed.ServiceArea.Level }, false, Reason(true, false, null)));
                        services.Add(new PlannedService(category, null, proposed, link is not null));
                        continue;
                    }
                    services.Add(new PlannedService(category, existing, proposed, link is not null));
                    if (existing.ArchivedAt is not null) continue;
                    var old = ServiceResponse.ToRequest(existing);
                    var ours = existing.Source == stamp;
                    void ProposeService(string field, object? before, object? after)
                    {
                        if (Same(before, after)) return;
                        var held = !(ours || IsEmpty(before));
                        changes.Add(new PlannedChange($"services.{category}.{field}", before, after, held, Reason(false, ours, before)));
                    }
                    ProposeService("name", old.Name, proposed.Name);
                    ProposeService("description", old.Description, proposed.Description);
                    ProposeService("problem_keywords", old.ProblemKeywords, proposed.ProblemKeywords);
                    ProposeService("frequency", old.Frequency, proposed.Frequency);
                    ProposeService("commissioned_by_municipality", old.CommissionedByMunicipality, proposed.CommissionedByMunicipality);
                    ProposeService("accepts_other_municipalities", old.AcceptsOtherMunicipalities, proposed.AcceptsOtherMunicipalities);
                    ProposeService("service_area", AreaOf(old.ServiceArea), AreaOf(proposed.ServiceArea));
                }
            var action = isNew ? PublishActions.Create : changes.Count == 0 ? PublishActions.Unchanged : PublishActions.Merge;
            records.Add(new PlannedRecord(answer, target, organization, action, null, current, changes, services));
        }
        return new PublishPlan(survey, records);
    }

    /// <summary>
    /// The directory organisation an answer goes into, or why it goes nowhere. A 法人番号 alone never ties an
    /// answer to a record with another name, and an answer never goes into a record with a different 法人番号.
    /// </summary>
    private async Task<(Organization? Organization, RowIssue? Skip)> OrganizationOfAsync(SurveyTarget target, SurveyAnswerData data, string? number,
        CancellationToken ct)
    {
        if (target.OrganizationId is not null)
        {
            var linked = await db.Organizations.SingleOrDefaultAsync(o => o.Id == target.OrganizationId, ct);
            if (linked is null || linked.ArchivedAt is not null)
                return (linked, new RowIssue("organization", "ディレクトリの組織はアーカイブされています。公開しません。",
                    "The directory organisation of this target is archived; nothing is published."));
            if (linked.CorporateNumber is not null && number is not null && linked.CorporateNumber != number)
                return (linked, new RowIssue("corporate_number",
                    $"回答の法人番号 {number} はディレクトリの組織「{linked.Name}」の法人番号 {linked.CorporateNumber} と異なります。公開しません。",
                    $"The answer's 法人番号 {number} differs from {linked.CorporateNumber} of the directory organisation '{linked.Name}'; nothing is published."));
            return (linked, null);
        }
        if (number is null) return (null, null);
        var holder = await db.Organizations.SingleOrDefaultAsync(o => o.CorporateNumber == number, ct);
        if (holder is null) return (null, null);
        if (!SameOrganization.ByName(holder.Name, target.Name) && !SameOrganization.ByName(holder.Name, data.OrganizationName))
            return (holder, new RowIssue("corporate_number",
                $"法人番号 {number} はディレクトリの別の組織「{holder.Name}」のものです。どちらかの番号を確認してください。公開しません。",
                $"法人番号 {number} belongs to another directory organisation, '{holder.Name}'; check either number. Nothing is published."));
        if (holder.ArchivedAt is not null)
            return (holder, new RowIssue("organization", "ディレクトリの組織はアーカイブされています。公開しません。",
                "The directory organisation with this 法人番号 is archived; nothing is published."));
        return (holder, null);
    }

    private ServiceRequest ServiceRequestFor(Survey survey, Guid organizationId, SurveyTarget target, SurveyAnswerData data, string category)
    {
        var label = catalog.Terms(Vocabularies.ServiceCategory).FirstOrDefault(t => t.Code == category)?.LabelJa ?? category;
        var name = category == "other" && data.OtherActivity is not null ? data.OtherActivity : label;
        var scope = data.ActivityScope;
        return new ServiceRequest(
            organizationId, name, data.ActivityDescription, category, [], data.ProblemKeywords, [], false, [], null,
            data.Frequency, null, ["ja"], data.MunicipalCommission ?? false, null,
            scope is not (null or ServiceAreaLevels.PartOfMunicipality or ServiceAreaLevels.Municipality), null,
            [], Area(survey, target, scope));
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

    private static object AreaOf(ServiceAreaDto area) =>
        new { area.Level, municipality_codes = area.MunicipalityCodes ?? [], area.RegionId, area.PrefectureCode, area.DistrictName };

    private static string Reason(bool isNew, bool fromThisSurvey, object? old) =>
        isNew ? "new record" : fromThisSurvey ? "record from this survey" : IsEmpty(old) ? "fills an empty field" : "replaces a value the directory holds";

    private static string Digits(string phone) => new(phone.Where(char.IsAsciiDigit).ToArray());

    private static bool IsEmpty(object? value) => value switch
    {
        null => true,
        string s => s.Length == 0,
        System.Collections.ICollection c => c.Count == 0,
        _ => false,
    };

    private static bool Same(object? a, object? b) => JsonNode.DeepEquals(ToJson(a), ToJson(b));

    public static JsonNode? ToJson(object? value) => value is null ? null : JsonSerializer.SerializeToNode(value, ValueJson);
}

/// <summary>
/// Whether two names written for one 法人番号 can be the same organisation: the same name once legal-form words,
/// width, kana and variant kanji are set aside, and no conflicting legal form (一般社団法人だて地域食堂 is not
/// 特定非営利活動法人だて地域食堂). A number alone never ties two records together.
/// </summary>
public static class SameOrganization
{
    public static bool ByName(string a, string b)
    {
        var (x, y) = (OrganizationNames.Parse(a), OrganizationNames.Parse(b));
        return x.Core.Length > 0 && x.Core == y.Core && OrganizationNames.SameLegalForm(x.LegalForm, y.LegalForm);
    }
}

public static class PublishActions
{
    public const string Create = "create";
    public const string Merge = "merge";
    public const string Unchanged = "unchanged";
    public const string Skip = "skip";
}

public static class PublishDecisions
{
    public const string Accept = "accept";
    public const string Skip = "skip";
}

/// <summary>One proposed change. Held changes are applied only when the publish request accepts them.</summary>
public sealed record PlannedChange(string Field, object? Old, object? New, bool Held, string Reason);

/// <param name="Existing">The service published before (or, for records published before links were kept, found by source).</param>
/// <param name="Linked">Whether the survey already holds the link to <paramref name="Existing"/>.</param>
public sealed record PlannedService(string Category, Service? Existing, ServiceRequest Proposed, bool Linked);

public sealed record PlannedRecord(SurveyAnswer Answer, SurveyTarget Target, Organization? Organization, string Action, RowIssue? Skip,
    OrganizationRequest? Current, IReadOnlyList<PlannedChange> Changes, IReadOnlyList<PlannedService> Services);

public sealed record PublishPlan(Survey Survey, IReadOnlyList<PlannedRecord> Records)
{
    public PublishPreview ToPreview() => new(Survey.Id, Records.Count,
        Records.Count(r => r.Action == PublishActions.Create), Records.Count(r => r.Action == PublishActions.Merge),
        Records.Count(r => r.Action == PublishActions.Unchanged), Records.Count(r => r.Action == PublishActions.Skip),
        Records.Sum(r => r.Changes.Count(c => c.Held)),
        Records.Select(r => new PublishPreviewRecord(r.Target.Id, r.Target.Name, r.Answer.Data.CorporateNumber ?? r.Target.CorporateNumber,
            r.Organization?.Id, r.Organization?.Name, r.Organization?.Source, r.Action,
            r.Skip is null ? null : RowIssueDto.From(r.Skip),
            r.Changes.Select(c => new PublishChange(c.Field, SurveyPublishPlanner.ToJson(c.Old), SurveyPublishPlanner.ToJson(c.New),
                c.Held ? "hold" : "apply", c.Reason)).ToList())).ToList());
}
