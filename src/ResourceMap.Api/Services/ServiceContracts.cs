using System.Globalization;
using System.ComponentModel;
using System.Text.Json.Serialization;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using NetTopologySuite.Geometries;
using ResourceMap.Api.Common;
using ResourceMap.Api.Locations;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Domain.Directory;
using ResourceMap.Domain.Taxonomy;

namespace ResourceMap.Api.Services;

public record OpeningPeriodDto(
    [property: Description("mon, tue, wed, thu, fri, sat, sun or holiday.")] string Day,
    [property: Description("Opening time HH:mm.")] string Opens,
    [property: Description("Closing time HH:mm; earlier than opens means past midnight (e.g. 20:00–02:00).")] string Closes);

public record ServiceAreaDto(
    [property: Description("service_area_level: part_of_municipality, municipality, multiple_municipalities, region, prefecture or national.")] string Level,
    [property: Description("Exactly one code for part_of_municipality and municipality; two or more for multiple_municipalities; none otherwise.")] List<string>? MunicipalityCodes,
    [property: Description("Region id, only for level region (e.g. nishi-iburi).")] string? RegionId,
    [property: Description("2-digit prefecture code, only for level prefecture (01 = 北海道).")] string? PrefectureCode,
    [property: Description("District name for part of a municipality, e.g. 鷲別地区.")] string? DistrictName,
    [property: Description("GeoJSON Polygon or MultiPolygon (WGS84) drawn inside the municipality, only for part_of_municipality.")] Geometry? DrawnArea);

/// <summary>The writable fields of a service: the body of POST and PUT, and what PATCH merges into.</summary>
public record ServiceRequest(
    Guid OrganizationId,
    string Name,
    string? Description,
    [property: Description("service_category code: ibasho, consultation, outreach or other.")] string Category,
    [property: Description("target_group codes.")] List<string>? TargetGroups,
    [property: Description("problem_keyword codes.")] List<string>? ProblemKeywords,
    [property: Description("channel codes.")] List<string>? Channels,
    [property: Description("Anonymous consultation possible (匿名での相談が可能).")] bool AnonymousOk,
    [property: Description("Weekly opening periods, including weekend, holiday and night slots.")] List<OpeningPeriodDto>? Hours,
    string? HoursNotes,
    [property: Description("frequency code: daily, weekly, monthly or irregular.")] string? Frequency,
    [property: Description("Cost as text, e.g. 無料 or 300円/回.")] string? Fee,
    [property: Description("language codes, e.g. ja, easy_ja, en.")] List<string>? Languages,
    bool CommissionedByMunicipality,
    string? CapacityNote,
    [property: Description("Accepts people from other municipalities.")] bool AcceptsOtherMunicipalities,
    [property: Description("Owning municipality; defaults to the organisation's.")] string? OwnerMunicipalityCode,
    [property: Description("Sites where the service is delivered (none for phone or SNS lines).")] List<Guid>? LocationIds,
    ServiceAreaDto ServiceArea,
    [property: Description("Who may read the record: public (default), partners (staff of the municipalities in shared_with_regions, plus the owner's staff) or owner (the owner municipality's staff only). Admins read everything. A service of a non-public organisation is only readable by those who may read the organisation too.")] string? SharingScope = null,
    [property: Description("Region ids (e.g. noboribetsu-survey-2024) whose member municipalities' staff the record is shared with: they read its restricted fields, and with sharing_scope partners the record itself. At least one with partners; none with owner.")] List<string>? SharedWithRegions = null,
    [property: Description("Restricted: a direct phone line not meant for the public.")] string? RestrictedPhone = null,
    [property: Description("Restricted: a direct e-mail address not meant for the public.")] string? RestrictedEmail = null,
    [property: Description("Restricted: capacity details (free places, waiting list) not meant for the public.")] string? CapacityDetails = null);

public record OrganizationRef(Guid Id, string Name);

public record ServiceAreaResponse(string Level, IReadOnlyList<string> MunicipalityCodes, string? RegionId, string? PrefectureCode,
    string? DistrictName, Geometry? DrawnArea,
    [property: Description("Every municipality the area touches; empty for national, which covers all of Japan.")] IReadOnlyList<string> CoveredMunicipalityCodes);

public record ServiceResponse(
    Guid Id,
    OrganizationRef Organization,
    string Name,
    string? Description,
    string Category,
    IReadOnlyList<string> TargetGroups,
    IReadOnlyList<string> ProblemKeywords,
    IReadOnlyList<string> Channels,
    bool AnonymousOk,
    IReadOnlyList<OpeningPeriodDto> Hours,
    string? HoursNotes,
    string? Frequency,
    string? Fee,
    IReadOnlyList<string> Languages,
    bool CommissionedByMunicipality,
    string? CapacityNote,
    bool AcceptsOtherMunicipalities,
    string OwnerMunicipalityCode,
    string Source,
    IReadOnlyList<LocationResponse> Locations,
    ServiceAreaResponse? ServiceArea,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset LastVerifiedAt,
    bool Archived,
    DateTimeOffset? ArchivedAt) : SharedRecordResponse
{
    [Description("Restricted: absent unless the record is shared with the caller (admins, the owner municipality's staff, staff of municipalities in shared_with_regions) or when empty.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RestrictedPhone { get; init; }
    [Description("Restricted: absent unless the record is shared with the caller, or when empty.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RestrictedEmail { get; init; }
    [Description("Restricted: absent unless the record is shared with the caller, or when empty.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CapacityDetails { get; init; }

    /// <summary>The response; restricted fields only when <paramref name="restricted"/> (the record is shared with the caller).</summary>
    public static ServiceResponse From(Service s, bool restricted, Freshness freshness) => From(s, freshness) with
    {
        Stale = freshness.IsStale(s.LastVerifiedAt),
        SharingScope = s.SharingScope,
        SharedWithRegions = s.SharedWithRegions,
        RestrictedPhone = restricted ? s.RestrictedPhone : null,
        RestrictedEmail = restricted ? s.RestrictedEmail : null,
        CapacityDetails = restricted ? s.CapacityDetails : null,
    };

    private static ServiceResponse From(Service s, Freshness freshness) => new(
        s.Id, new OrganizationRef(s.OrganizationId, s.Organization?.Name ?? ""), s.Name, s.Description, s.Category,
        s.TargetGroups, s.ProblemKeywords, s.Channels, s.AnonymousOk,
        s.Hours.Select(h => new OpeningPeriodDto(h.Day, h.Opens.ToString("HH:mm", CultureInfo.InvariantCulture), h.Closes.ToString("HH:mm", CultureInfo.InvariantCulture))).ToList(),
        s.HoursNotes, s.Frequency, s.Fee, s.Languages, s.CommissionedByMunicipality, s.CapacityNote,
        s.AcceptsOtherMunicipalities, s.OwnerMunicipalityCode, s.Source,
        s.Locations.Where(l => l.Location is not null).Select(l => LocationResponse.From(l.Location!, freshness)).OrderBy(l => l.Id).ToList(),
        s.ServiceArea is null ? null : new ServiceAreaResponse(s.ServiceArea.Level, s.ServiceArea.MunicipalityCodes,
            s.ServiceArea.RegionId, s.ServiceArea.PrefectureCode, s.ServiceArea.DistrictName, s.ServiceArea.DrawnArea,
            s.ServiceArea.CoveredMunicipalityCodes),
        s.CreatedAt, s.UpdatedAt, s.LastVerifiedAt, s.ArchivedAt is not null, s.ArchivedAt);

    public static ServiceRequest ToRequest(Service s) => new(
        s.OrganizationId, s.Name, s.Description, s.Category, s.TargetGroups, s.ProblemKeywords, s.Channels, s.AnonymousOk,
        s.Hours.Select(h => new OpeningPeriodDto(h.Day, h.Opens.ToString("HH:mm", CultureInfo.InvariantCulture), h.Closes.ToString("HH:mm", CultureInfo.InvariantCulture))).ToList(),
        s.HoursNotes, s.Frequency, s.Fee, s.Languages, s.CommissionedByMunicipality, s.CapacityNote,
        s.AcceptsOtherMunicipalities, s.OwnerMunicipalityCode, s.Locations.Select(l => l.LocationId).ToList(),
        new ServiceAreaDto(s.ServiceArea!.Level, s.ServiceArea.MunicipalityCodes, s.ServiceArea.RegionId,
            s.ServiceArea.PrefectureCode, s.ServiceArea.DistrictName, s.ServiceArea.DrawnArea),
        s.SharingScope, s.SharedWithRegions, s.RestrictedPhone, s.RestrictedEmail, s.CapacityDetails);
}

public record ServiceListQuery : ChangeFeedPageQuery
{
    [Description("Free text (≥ 2 characters) over the service's and its organisation's names, kana, description and the Japanese labels of its category, target groups and problem keywords (NFKC, full/half width and katakana/hiragana folded).")]
    [FromQuery(Name = "q")]
    public string? Q { get; init; }
    [Description("Deprecated name of modified_after (same meaning); give one of them.")]
    [FromQuery(Name = "updated_since")]
    public string? UpdatedSince { get; init; }
    [Description("Municipality code: services located in it (at one of their sites).")]
    [FromQuery(Name = "municipality")]
    public string? Municipality { get; init; }
    [Description("service_category code.")]
    [FromQuery(Name = "category")]
    public string? Category { get; init; }
    [Description("Only the services of this organisation.")]
    [FromQuery(Name = "organization_id")]
    public Guid? OrganizationId { get; init; }
}

public class ServiceRequestValidator : AbstractValidator<ServiceRequest>
{
    public ServiceRequestValidator(TaxonomyCatalog catalog)
    {
        RuleFor(s => s.OrganizationId).NotEmpty();
        RuleFor(s => s.Name).NotEmpty().MaximumLength(300).MustBeSingleLine();
        RuleFor(s => s.Description).MaximumLength(5000);
        RuleFor(s => s.Category).NotEmpty().MustBeTerm(catalog, Vocabularies.ServiceCategory);
        RuleFor(s => s.TargetGroups).MustBeTerms(catalog, Vocabularies.TargetGroup);
        RuleFor(s => s.ProblemKeywords).MustBeTerms(catalog, Vocabularies.ProblemKeyword);
        RuleFor(s => s.Channels).MustBeTerms(catalog, Vocabularies.Channel);
        RuleFor(s => s.Languages).MustBeTerms(catalog, Vocabularies.Language);
        RuleFor(s => s.Frequency).MustBeTerm(catalog, Vocabularies.Frequency);
        RuleFor(s => s.HoursNotes).MaximumLength(1000);
        RuleFor(s => s.Fee).MaximumLength(200);
        RuleFor(s => s.CapacityNote).MaximumLength(1000);
        RuleFor(s => s.OwnerMunicipalityCode).MustBeMunicipalityCode();
        RuleFor(s => s.SharingScope).MustBeSharingScope();
        RuleFor(s => s.SharedWithRegions).MustFitSharingScope(s => s.SharingScope);
        RuleFor(s => s.RestrictedPhone).MaximumLength(30);
        RuleFor(s => s.RestrictedEmail).EmailAddress().MaximumLength(320);
        RuleFor(s => s.CapacityDetails).MaximumLength(2000);
        RuleFor(s => s.LocationIds).Must(ids => ids is null || ids.Count <= 20).WithMessage("At most 20 locations.");
        RuleFor(s => s.Hours).Must(h => h is null || h.Count <= 50).WithMessage("At most 50 opening periods.");
        RuleForEach(s => s.Hours).ChildRules(period =>
        {
            period.RuleFor(p => p.Day).Must(d => OpeningPeriod.Days.Contains(d))
                .WithMessage(p => $"'{p.Day}' is not a day; use one of {string.Join(", ", OpeningPeriod.Days)}.");
            period.RuleFor(p => p.Opens).Must(BeTime).WithMessage("Use HH:mm, e.g. 09:30.");
            period.RuleFor(p => p.Closes).Must(BeTime).WithMessage("Use HH:mm, e.g. 17:00.");
            period.RuleFor(p => p.Closes).NotEqual(p => p.Opens).WithMessage("closes must differ from opens.");
        });
        RuleFor(s => s.ServiceArea).NotNull().WithMessage("service_area is required (use level national for nationwide lines).")
            .SetValidator(new ServiceAreaValidator(catalog)!);
    }

    public static bool BeTime(string? text) =>
        TimeOnly.TryParseExact(text, "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _);
}

/// <summary>Which members each service-area level needs; the database checks that they exist.</summary>
public class ServiceAreaValidator : AbstractValidator<ServiceAreaDto>
{
    public ServiceAreaValidator(TaxonomyCatalog catalog)
    {
        RuleFor(a => a.Level).NotEmpty().MustBeTerm(catalog, Vocabularies.ServiceAreaLevel);
        RuleForEach(a => a.MunicipalityCodes).MustBeMunicipalityCode();
        RuleFor(a => a.MunicipalityCodes).Must(c => c?.Count == 1)
            .When(a => a.Level is ServiceAreaLevels.PartOfMunicipality or ServiceAreaLevels.Municipality)
            .WithMessage(a => $"Level {a.Level} needs exactly one municipality code.");
        RuleFor(a => a.MunicipalityCodes).Must(c => c is { Count: >= 2 and <= 500 })
            .When(a => a.Level == ServiceAreaLevels.MultipleMunicipalities)
            .WithMessage("Level multiple_municipalities needs 2–500 municipality codes.");
        RuleFor(a => a.MunicipalityCodes).Must(c => c is null || c.Count == 0)
            .When(a => a.Level is ServiceAreaLevels.Region or ServiceAreaLevels.Prefecture or ServiceAreaLevels.National)
            .WithMessage(a => $"Level {a.Level} takes no municipality codes.");
        RuleFor(a => a.RegionId).NotEmpty().When(a => a.Level == ServiceAreaLevels.Region)
            .WithMessage("Level region needs region_id.");
        RuleFor(a => a.RegionId).Null().When(a => a.Level != ServiceAreaLevels.Region)
            .WithMessage("region_id applies only to level region.");
        RuleFor(a => a.PrefectureCode).NotEmpty().Matches("^(0[1-9]|[1-3][0-9]|4[0-7])$").When(a => a.Level == ServiceAreaLevels.Prefecture)
            .WithMessage("Level prefecture needs prefecture_code 01–47.");
        RuleFor(a => a.PrefectureCode).Null().When(a => a.Level != ServiceAreaLevels.Prefecture)
            .WithMessage("prefecture_code applies only to level prefecture.");
        RuleFor(a => a.DistrictName).MaximumLength(200).MustBeSingleLine();
        RuleFor(a => a.DistrictName).Null().When(a => a.Level != ServiceAreaLevels.PartOfMunicipality)
            .WithMessage("district_name applies only to level part_of_municipality.");
        RuleFor(a => a.DrawnArea).Null().When(a => a.Level != ServiceAreaLevels.PartOfMunicipality)
            .WithMessage("drawn_area applies only to level part_of_municipality.");
        // Separate rules: a When() at the end of one chain would guard every check before it, letting a Point through.
        RuleFor(a => a.DrawnArea).Must(g => g is Polygon or MultiPolygon).When(a => a.DrawnArea is not null)
            .WithMessage("drawn_area must be a GeoJSON Polygon or MultiPolygon.");
        RuleFor(a => a.DrawnArea).Must(g => g!.NumPoints <= 10_000).When(a => a.DrawnArea is Polygon or MultiPolygon)
            .WithMessage("drawn_area has more than 10,000 vertices.")
            .DependentRules(() => RuleFor(a => a.DrawnArea).Must(g => g!.IsValid).When(a => a.DrawnArea is Polygon or MultiPolygon)
                .WithMessage("drawn_area is not a valid polygon (self-intersecting or unclosed rings)."));
    }
}
