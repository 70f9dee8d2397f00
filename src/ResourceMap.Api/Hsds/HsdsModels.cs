using System.Text.Json;
using System.Text.Json.Serialization;

namespace ResourceMap.Api.Hsds;

// The HSDS 3.0 objects ResourceMap fills (Schemas/ holds the official JSON schemas they are tested against).
// Absent rather than null: HSDS types its optional fields as plain strings and numbers, so null would not validate.

public static class HsdsJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>HSDS's Page envelope around every list.</summary>
public sealed record HsdsPage<T>(int TotalItems, int TotalPages, int PageNumber, int Size, bool FirstPage, bool LastPage,
    bool Empty, IReadOnlyList<T> Contents);

public static class HsdsPage
{
    public static HsdsPage<T> Of<T>(IReadOnlyList<T> contents, int total, int page, int perPage)
    {
        var pages = total == 0 ? 0 : (total + perPage - 1) / perPage;
        return new HsdsPage<T>(total, pages, page, contents.Count, page == 1, page >= pages, contents.Count == 0, contents);
    }
}

public sealed record HsdsRoot(string Version, string Profile, string OpenapiUrl);

public sealed record HsdsTaxonomy(Guid Id, string Name, string Description, string? Uri, string? Version);

public sealed record HsdsTaxonomyTerm(Guid Id, string Code, string Name, string Description, string Taxonomy, Guid TaxonomyId,
    string Language, HsdsTaxonomy? TaxonomyDetail = null);

public sealed record HsdsAttribute(Guid Id, Guid LinkId, Guid TaxonomyTermId, string LinkType, string LinkEntity, string Value,
    HsdsTaxonomyTerm TaxonomyTerm);

public sealed record HsdsPhone(Guid Id, Guid? OrganizationId, string Number, string? Type, string? Description);

public sealed record HsdsOrganizationIdentifier(Guid Id, Guid OrganizationId, string IdentifierScheme, string IdentifierType, string Identifier);

public sealed record HsdsSchedule(Guid Id, Guid ServiceId, string? Freq, string? Byday, string? Wkst, string? OpensAt, string? ClosesAt,
    int Timezone, string Description, string? Notes);

public sealed record HsdsServiceArea(Guid Id, Guid ServiceId, string Name, string Description, string Extent, string ExtentType, string? Uri);

public sealed record HsdsLanguage(Guid Id, Guid ServiceId, string Name, string? Code);

public sealed record HsdsAddress(Guid Id, Guid LocationId, [property: JsonPropertyName("address_1")] string Address1, string City, string StateProvince, string PostalCode,
    string Country, string AddressType, string? Region);

public sealed record HsdsLocation(Guid Id, string LocationType, string? Name, double Latitude, double Longitude,
    IReadOnlyList<HsdsAddress>? Addresses = null);

public sealed record HsdsServiceAtLocation(Guid Id, Guid ServiceId, Guid LocationId, string? Description, HsdsLocation Location,
    HsdsService? Service = null, IReadOnlyList<HsdsSchedule>? Schedules = null);

public sealed record HsdsOrganization(Guid Id, string Name, string? AlternateName, string Description, string? Email, string? Website,
    string? LegalStatus, string? Uri,
    IReadOnlyList<HsdsPhone>? Phones = null,
    IReadOnlyList<HsdsOrganizationIdentifier>? OrganizationIdentifiers = null,
    IReadOnlyList<HsdsService>? Services = null);

/// <summary>
/// A service. The list form carries only the one-to-one fields (and the organisation's); the full form adds every
/// array. <see cref="Status"/> is "defunct" for an archived service, which is how the change feed reports deletions.
/// </summary>
public sealed record HsdsService(Guid Id, Guid OrganizationId, string Name, string Status, string? Description = null,
    string? Url = null, string? FeesDescription = null, string? EligibilityDescription = null, string? AssuredDate = null,
    string? LastModified = null, HsdsOrganization? Organization = null,
    IReadOnlyList<HsdsSchedule>? Schedules = null,
    IReadOnlyList<HsdsServiceArea>? ServiceAreas = null,
    IReadOnlyList<HsdsServiceAtLocation>? ServiceAtLocations = null,
    IReadOnlyList<HsdsLanguage>? Languages = null,
    IReadOnlyList<HsdsAttribute>? Attributes = null);
