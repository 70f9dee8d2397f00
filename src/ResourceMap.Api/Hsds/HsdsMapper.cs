using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using NetTopologySuite.IO.Converters;
using ResourceMap.Api.Hosting;
using ResourceMap.Api.Common;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Domain.Directory;
using ResourceMap.Domain.Taxonomy;

namespace ResourceMap.Api.Hsds;

/// <summary>Names of the places a page of records mentions, loaded once per page (see <see cref="HsdsQueries"/>).</summary>
public sealed record HsdsPlaces(
    IReadOnlyDictionary<string, (string FullName, string Prefecture)> Municipalities,
    IReadOnlyDictionary<string, string> Prefectures,
    IReadOnlyDictionary<string, string> Regions);

/// <summary>
/// ResourceMap's records as HSDS 3.0 objects (the Japan profile in docs/hsds-japan-profile.md says why each field maps
/// as it does). Restricted fields have no HSDS counterpart here: they never leave through this view, for any caller.
/// </summary>
public sealed class HsdsMapper(TaxonomyCatalog catalog, IOptions<PublicBaseUrlOptions> options)
{
    private readonly PublicBaseUrlOptions baseUrl = options.Value;

    /// <summary>The vocabularies published as HSDS taxonomies, each a list of a service's codes.</summary>
    public static readonly IReadOnlyList<string> PublishedVocabularies =
        [Vocabularies.ServiceCategory, Vocabularies.TargetGroup, Vocabularies.ProblemKeyword, Vocabularies.Channel];

    /// <summary>The org-id.guide scheme for Japanese corporate numbers (法人番号, National Tax Agency).</summary>
    public const string CorporateNumberScheme = "JP-CN";

    public const int JapanUtcOffsetHours = 9;

    private static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory() } };

    public static IReadOnlyList<string> CodesOf(Service service, string vocabulary) => vocabulary switch
    {
        Vocabularies.ServiceCategory => [service.Category],
        Vocabularies.TargetGroup => service.TargetGroups,
        Vocabularies.ProblemKeyword => service.ProblemKeywords,
        Vocabularies.Channel => service.Channels,
        _ => [],
    };

    public HsdsTaxonomy Taxonomy(TaxonomyVocabulary vocabulary) =>
        new(HsdsIds.Taxonomy(vocabulary.Id), vocabulary.LabelJa, vocabulary.LabelEn,
            baseUrl.Link($"/api/taxonomy/{vocabulary.Id}"), "1");

    public HsdsTaxonomyTerm Term(TaxonomyTerm term, bool withTaxonomy = false) =>
        new(HsdsIds.Term(term.Vocabulary, term.Code), term.Code, term.LabelJa, term.LabelEn, term.Vocabulary,
            HsdsIds.Taxonomy(term.Vocabulary), "ja",
            withTaxonomy ? catalog.Vocabularies.Where(v => v.Id == term.Vocabulary).Select(Taxonomy).FirstOrDefault() : null);

    public HsdsOrganization Organization(Organization o, IReadOnlyList<HsdsService>? services = null) =>
        new(o.Id, o.Name, o.NameKana, o.Description ?? "", o.Email, o.Website,
            catalog.Terms(Vocabularies.LegalForm).FirstOrDefault(t => t.Code == o.LegalForm)?.LabelJa ?? o.LegalForm,
            baseUrl.Link($"/hsds/organizations/{o.Id}"),
            o.Phones.Select((p, i) => new HsdsPhone(HsdsIds.Of("phone", o.Id, i), o.Id, p.Number, "voice", p.Description)).ToList(),
            o.CorporateNumber is null ? [] :
                [new HsdsOrganizationIdentifier(HsdsIds.Of("organization_identifier", o.Id, CorporateNumberScheme), o.Id,
                    CorporateNumberScheme, "法人番号", o.CorporateNumber)],
            services);

    /// <summary>The one-to-one fields of a service and its organisation: the list form.</summary>
    public HsdsService ServiceSummary(Service s) =>
        new(s.Id, s.OrganizationId, s.Name, s.ArchivedAt is null ? "active" : "defunct", s.Description,
            FeesDescription: s.Fee,
            EligibilityDescription: EligibilityJa(s),
            AssuredDate: s.LastVerifiedAt.ToOffset(TimeSpan.FromHours(JapanUtcOffsetHours)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            LastModified: Timestamp(s.UpdatedAt),
            Organization: s.Organization is null ? null : Organization(s.Organization));

    public HsdsService ServiceFull(Service s, HsdsPlaces places) => ServiceSummary(s) with
    {
        Schedules = Schedules(s),
        ServiceAreas = s.ServiceArea is null ? [] : [ServiceArea(s.Id, s.ServiceArea, places)],
        ServiceAtLocations = s.Locations.Where(l => l.Location is { ArchivedAt: null })
            .OrderBy(l => l.LocationId).Select(l => ServiceAtLocation(s, l.Location!, places)).ToList(),
        Languages = s.Languages.Select(code => new HsdsLanguage(HsdsIds.Of("language", s.Id, code), s.Id,
            Label(Vocabularies.Language, code), code.Length == 2 ? code : null)).ToList(),
        Attributes = Attributes(s),
    };

    public HsdsServiceAtLocation ServiceAtLocation(Service s, Location location, HsdsPlaces places, HsdsService? service = null,
        bool withSchedules = false) =>
        new(HsdsIds.ServiceAtLocation(s.Id, location.Id), s.Id, location.Id, location.Name, Location(location, places), service,
            withSchedules ? Schedules(s) : null);

    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private string? EligibilityJa(Service s) =>
        s.TargetGroups.Count == 0 ? null : "対象: " + string.Join("、", s.TargetGroups.Select(c => Label(Vocabularies.TargetGroup, c)));

    private string Label(string vocabulary, string code) =>
        catalog.Terms(vocabulary).FirstOrDefault(t => t.Code == code)?.LabelJa ?? code;

    private static HsdsLocation Location(Location l, HsdsPlaces places)
    {
        var (city, prefecture) = places.Municipalities.GetValueOrDefault(l.MunicipalityCode, ("", ""));
        return new HsdsLocation(l.Id, "physical", l.Name, l.Point.Y, l.Point.X,
            [new HsdsAddress(HsdsIds.Of("address", l.Id), l.Id, l.Address, city, prefecture, l.PostalCode ?? "", "JP", "physical", null)]);
    }

    /// <summary>One weekly RRULE (FREQ=WEEKLY;BYDAY=..) per opening period; public-holiday hours only as text.</summary>
    private static List<HsdsSchedule> Schedules(Service s) =>
        s.Hours.OrderBy(h => OpeningPeriod.Days.ToList().IndexOf(h.Day)).ThenBy(h => h.Opens).Select(h =>
        {
            var weekly = OpeningHoursText.ByDay.TryGetValue(h.Day, out var byDay);
            return new HsdsSchedule(HsdsIds.Of("schedule", s.Id, h.Day, h.Opens.ToString("HH:mm", CultureInfo.InvariantCulture)), s.Id,
                weekly ? "WEEKLY" : null, weekly ? byDay : null, weekly ? "MO" : null,
                h.Opens.ToString("HH:mm", CultureInfo.InvariantCulture), h.Closes.ToString("HH:mm", CultureInfo.InvariantCulture),
                JapanUtcOffsetHours, OpeningHoursText.PeriodJa(h), s.HoursNotes);
        }).ToList();

    private HsdsServiceArea ServiceArea(Guid serviceId, ServiceArea area, HsdsPlaces places)
    {
        string Names(IEnumerable<string> codes) =>
            string.Join("・", codes.Select(c => places.Municipalities.TryGetValue(c, out var m) ? m.FullName : c));
        var codes = string.Join(" ", area.CoveredMunicipalityCodes.Count > 0 ? area.CoveredMunicipalityCodes : area.MunicipalityCodes);
        var (name, extent, extentType, uri) = area.Level switch
        {
            ServiceAreaLevels.PartOfMunicipality when area.Geometry is not null =>
                (area.DistrictName ?? Names(area.MunicipalityCodes), JsonSerializer.Serialize(area.Geometry, GeoJson), "geojson", null),
            ServiceAreaLevels.PartOfMunicipality => (area.DistrictName ?? Names(area.MunicipalityCodes), codes, "jis_x_0402", null),
            ServiceAreaLevels.Region => (places.Regions.GetValueOrDefault(area.RegionId ?? "", area.RegionId ?? ""), codes, "jis_x_0402",
                baseUrl.Link($"/api/regions/{area.RegionId}")),
            ServiceAreaLevels.Prefecture => (places.Prefectures.GetValueOrDefault(area.PrefectureCode ?? "", area.PrefectureCode ?? ""),
                area.PrefectureCode ?? "", "jis_x_0401", null),
            ServiceAreaLevels.National => ("全国", "JP", "iso_3166_1", null),
            _ => (Names(area.MunicipalityCodes), codes, "jis_x_0402", (string?)null),
        };
        return new HsdsServiceArea(HsdsIds.Of("service_area", serviceId), serviceId, name, Label(Vocabularies.ServiceAreaLevel, area.Level),
            extent, extentType, uri);
    }

    private List<HsdsAttribute> Attributes(Service s) =>
        PublishedVocabularies.SelectMany(vocabulary => CodesOf(s, vocabulary)
            .Select(code => catalog.Terms(vocabulary).FirstOrDefault(t => t.Code == code))
            .OfType<TaxonomyTerm>()
            .Select(term => new HsdsAttribute(HsdsIds.Of("attribute", s.Id, term.Vocabulary, term.Code), s.Id,
                HsdsIds.Term(term.Vocabulary, term.Code), "taxonomy", "service", term.Code, Term(term)))).ToList();
}
