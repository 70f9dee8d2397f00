using System.ComponentModel;
using System.Text.Json.Serialization;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using ResourceMap.Api.Common;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Domain.Directory;
using ResourceMap.Domain.Taxonomy;

namespace ResourceMap.Api.Organizations;

public record PhoneDto(
    [property: Description("Phone number as dialled in Japan, e.g. 0143-85-0000.")] string Number,
    [property: Description("What the number is for, e.g. 代表 or 相談専用.")] string? Description);

/// <summary>The writable fields of an organisation: the body of POST and PUT, and what PATCH merges into.</summary>
public record OrganizationRequest(
    [property: Description("Organisation name, e.g. NPO法人 のぼりべつ子ども食堂ネット.")] string Name,
    [property: Description("Reading in katakana or hiragana.")] string? NameKana,
    [property: Description("legal_form taxonomy code, e.g. npo, social_welfare_council, voluntary_group.")] string LegalForm,
    [property: Description("法人番号: 13 digits, the first a check digit. Null for voluntary groups.")] string? CorporateNumber,
    string? Description,
    string? Website,
    string? Email,
    List<PhoneDto>? Phones,
    [property: Description("Member of the municipality's public–private platform (官民連携プラットフォーム).")] bool PlatformMember,
    [property: Description("platform_role code: discovery (STEP1 発見), support (STEP2 支援) or both.")] string? PlatformRole,
    DateOnly? PlatformJoinedOn,
    [property: Description("The municipality in charge of this record (5- or 6-digit code).")] string OwnerMunicipalityCode,
    [property: Description("Who may read the record: public (default), partners (staff of the municipalities in shared_with_regions, plus the owner's staff) or owner (the owner municipality's staff only). Admins read everything.")] string? SharingScope = null,
    [property: Description("Region ids (e.g. noboribetsu-survey-2024) whose member municipalities' staff the record is shared with: they read its restricted fields, and with sharing_scope partners the record itself. At least one with partners; none with owner.")] List<string>? SharedWithRegions = null,
    [property: Description("Restricted: the contact person, returned only to callers the record is shared with.")] string? ContactPerson = null,
    [property: Description("Restricted: internal notes, returned only to callers the record is shared with.")] string? InternalNotes = null);

public record ServiceSummary(Guid Id, string Name, string Category, bool Archived);

public record OrganizationResponse(
    Guid Id,
    string Name,
    string? NameKana,
    string LegalForm,
    string? CorporateNumber,
    string? Description,
    string? Website,
    string? Email,
    IReadOnlyList<PhoneDto> Phones,
    bool PlatformMember,
    string? PlatformRole,
    DateOnly? PlatformJoinedOn,
    string OwnerMunicipalityCode,
    [property: Description("manual, sample, or survey:<id>.")] string Source,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset LastVerifiedAt,
    bool Archived,
    DateTimeOffset? ArchivedAt,
    IReadOnlyList<ServiceSummary> Services) : SharedRecordResponse
{
    [Description("Restricted: absent unless the record is shared with the caller (admins, the owner municipality's staff, staff of municipalities in shared_with_regions) or when empty.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ContactPerson { get; init; }
    [Description("Restricted: absent unless the record is shared with the caller, or when empty.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? InternalNotes { get; init; }

    /// <summary>The response; restricted fields only when <paramref name="restricted"/> (the record is shared with the caller).</summary>
    public static OrganizationResponse From(Organization o, bool restricted, Freshness freshness) => From(o) with
    {
        Stale = freshness.IsStale(o.LastVerifiedAt),
        SharingScope = o.SharingScope,
        SharedWithRegions = o.SharedWithRegions,
        ContactPerson = restricted ? o.ContactPerson : null,
        InternalNotes = restricted ? o.InternalNotes : null,
    };

    private static OrganizationResponse From(Organization o) => new(
        o.Id, o.Name, o.NameKana, o.LegalForm, o.CorporateNumber, o.Description, o.Website, o.Email,
        o.Phones.Select(p => new PhoneDto(p.Number, p.Description)).ToList(), o.PlatformMember, o.PlatformRole,
        o.PlatformJoinedOn, o.OwnerMunicipalityCode, o.Source, o.CreatedAt, o.UpdatedAt, o.LastVerifiedAt,
        o.ArchivedAt is not null, o.ArchivedAt,
        o.Services.OrderBy(s => s.Name).Select(s => new ServiceSummary(s.Id, s.Name, s.Category, s.ArchivedAt is not null)).ToList());

    public static OrganizationRequest ToRequest(Organization o) => new(
        o.Name, o.NameKana, o.LegalForm, o.CorporateNumber, o.Description, o.Website, o.Email,
        o.Phones.Select(p => new PhoneDto(p.Number, p.Description)).ToList(), o.PlatformMember, o.PlatformRole,
        o.PlatformJoinedOn, o.OwnerMunicipalityCode, o.SharingScope, o.SharedWithRegions, o.ContactPerson, o.InternalNotes);
}

public record OrganizationListQuery : ChangeFeedPageQuery
{
    [Description("Municipality code: organisations owned by it or with a service located in it.")]
    [FromQuery(Name = "municipality")]
    public string? Municipality { get; init; }
    [Description("service_category code: organisations with a service of this category.")]
    [FromQuery(Name = "category")]
    public string? Category { get; init; }
    [Description("legal_form code.")]
    [FromQuery(Name = "legal_form")]
    public string? LegalForm { get; init; }
    [Description("Text contained in the name or kana (normalised: full/half width and katakana/hiragana fold).")]
    [FromQuery(Name = "q")]
    public string? Q { get; init; }
}

public class OrganizationRequestValidator : AbstractValidator<OrganizationRequest>
{
    public OrganizationRequestValidator(TaxonomyCatalog catalog)
    {
        RuleFor(o => o.Name).NotEmpty().MaximumLength(300).MustBeSingleLine();
        RuleFor(o => o.NameKana).MaximumLength(300)
            .Matches(@"^[\p{IsKatakana}\p{IsHiragana}ー・ 　\-A-Za-z0-9０-９Ａ-Ｚａ-ｚ]*$")
            .WithMessage("name_kana must be written in kana (カタカナ or ひらがな).");
        RuleFor(o => o.LegalForm).NotEmpty().MustBeTerm(catalog, Vocabularies.LegalForm);
        RuleFor(o => o.CorporateNumber).MustBeCorporateNumber();
        RuleFor(o => o.Description).MaximumLength(5000);
        RuleFor(o => o.Website).MustBeHttpUrl();
        RuleFor(o => o.Email).EmailAddress().MaximumLength(320);
        RuleFor(o => o.Phones).Must(p => p is null || p.Count <= 10).WithMessage("At most 10 phone numbers.");
        RuleForEach(o => o.Phones).ChildRules(phone =>
        {
            phone.RuleFor(p => p.Number).NotEmpty().Matches(@"^[0-9０-９\-‐ー()（） +]{6,20}$")
                .WithMessage("A phone number has 6–20 digits, hyphens, spaces or brackets.");
            phone.RuleFor(p => p.Description).MaximumLength(100);
        });
        RuleFor(o => o.PlatformRole).MustBeTerm(catalog, Vocabularies.PlatformRole);
        RuleFor(o => o.PlatformRole).Null().When(o => !o.PlatformMember)
            .WithMessage("platform_role applies only to platform members (platform_member: true).");
        RuleFor(o => o.OwnerMunicipalityCode).NotEmpty().MustBeMunicipalityCode();
        RuleFor(o => o.SharingScope).MustBeSharingScope();
        RuleFor(o => o.SharedWithRegions).MustFitSharingScope(o => o.SharingScope);
        RuleFor(o => o.ContactPerson).MaximumLength(300);
        RuleFor(o => o.InternalNotes).MaximumLength(5000);
    }
}
