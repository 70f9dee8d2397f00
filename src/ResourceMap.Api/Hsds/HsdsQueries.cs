using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ResourceMap.Api.Common;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Domain.Directory;
using ResourceMap.Domain.Taxonomy;
using ResourceMap.Domain.Text;
using ResourceMap.Infrastructure.Persistence;

namespace ResourceMap.Api.Hsds;

public record HsdsPageQuery
{
    [Description("Free text (≥ 1 character), matched like q elsewhere: NFKC, kana folded, over names, kana, descriptions and Japanese labels.")]
    [FromQuery(Name = "search")] public string? Search { get; init; }

    [Description("1-based page number (default 1).")]
    [FromQuery(Name = "page")] public int? Page { get; init; }

    [Description("Items per page, 1–100 (default 20); with minimal=true up to 10,000 (default 10,000).")]
    [FromQuery(Name = "per_page")] public int? PerPage { get; init; }
}

public record HsdsServiceQuery : HsdsPageQuery
{
    [Description("Only services tagged with this taxonomy term id (see /hsds/taxonomy_terms).")]
    [FromQuery(Name = "taxonomy_term_id")] public Guid? TaxonomyTermId { get; init; }

    [Description("Only services with any term of this taxonomy id (see /hsds/taxonomies).")]
    [FromQuery(Name = "taxonomy_id")] public Guid? TaxonomyId { get; init; }

    [Description("Only services of this organisation.")]
    [FromQuery(Name = "organization_id")] public Guid? OrganizationId { get; init; }

    [Description("Change feed: records modified on or after this ISO 8601 instant, oldest change first, archived services included with status defunct (tombstones).")]
    [FromQuery(Name = "modified_after")] public string? ModifiedAfter { get; init; }

    [Description("Only id, name, status and last_modified of each service (a mirror's index).")]
    [FromQuery(Name = "minimal")] public bool? Minimal { get; init; }

    [Description("Fully nested services (schedules, service areas, sites, languages, taxonomy attributes).")]
    [FromQuery(Name = "full_service")] public bool? FullService { get; init; }

    [Description("Alias of full_service, as the HSDS OpenAPI document names it.")]
    [FromQuery(Name = "full")] public bool? Full { get; init; }
}

public record HsdsOrganizationQuery : HsdsPageQuery
{
    [Description("Each organisation with its services, fully nested.")]
    [FromQuery(Name = "full_service")] public bool? FullService { get; init; }
}

public record HsdsTermQuery : HsdsPageQuery
{
    [Description("Only the terms of this taxonomy id.")]
    [FromQuery(Name = "taxonomy_id")] public Guid? TaxonomyId { get; init; }
}

/// <summary>
/// The HSDS read use cases. Which records a caller sees is the directory's sharing rule (<see cref="Viewer"/>), the
/// same one /api/services and the searches apply; the mapper never emits restricted fields.
/// </summary>
public sealed class HsdsQueries(ResourceMapDbContext db, TaxonomyCatalog catalog, HsdsMapper mapper)
{
    public const int DefaultPerPage = 20;
    public const int MaxPerPage = 100;
    public const int MaxMinimalPerPage = 10_000;

    public sealed record Outcome<T>(T? Value, Dictionary<string, string[]> Errors)
    {
        public static implicit operator Outcome<T>(T value) => new(value, []);
    }

    private static Outcome<T> Invalid<T>(Dictionary<string, string[]> errors) => new(default, errors);

    private IQueryable<Service> Full() => db.Services.AsNoTracking()
        .Include(s => s.Organization).Include(s => s.ServiceArea).Include(s => s.Locations).ThenInclude(l => l.Location)
        .AsSplitQuery();

    public async Task<Outcome<HsdsPage<HsdsService>>> ServicesAsync(Viewer viewer, HsdsServiceQuery query, CancellationToken ct)
    {
        var minimal = query.Minimal == true;
        var errors = PageErrors(query, minimal ? MaxMinimalPerPage : MaxPerPage);
        var services = db.Services.AsNoTracking().Where(viewer.ReadableServices());
        var since = ChangeFeed.Parse(query.ModifiedAfter, "modified_after", errors);
        services = ChangeFeed.Filter(services, since);
        services = FilterByTaxonomy(services, query.TaxonomyTermId, query.TaxonomyId, errors);
        if (errors.Count > 0) return Invalid<HsdsPage<HsdsService>>(errors);
        if (query.OrganizationId is { } organization) services = services.Where(s => s.OrganizationId == organization);
        services = Search(services, query.Search);

        var (page, perPage) = Paging(query, minimal ? MaxMinimalPerPage : DefaultPerPage);
        var total = await services.CountAsync(ct);
        // The change feed is read oldest change first, so a mirror can resume from the last last_modified it stored.
        var ordered = since is not null ? ChangeFeed.Order(services) : services.OrderBy(s => s.Name).ThenBy(s => s.Id);
        var window = ordered.Skip((page - 1) * perPage).Take(perPage);
        if (minimal)
        {
            var rows = await window.Select(s => new { s.Id, s.OrganizationId, s.Name, s.ArchivedAt, s.UpdatedAt }).ToListAsync(ct);
            return HsdsPage.Of<HsdsService>(rows.Select(r => new HsdsService(r.Id, r.OrganizationId, r.Name,
                r.ArchivedAt is null ? "active" : "defunct", LastModified: HsdsMapper.Timestamp(r.UpdatedAt))).ToList(), total, page, perPage);
        }
        var ids = await window.Select(s => s.Id).ToListAsync(ct);
        var loaded = await LoadAsync(ids, ct);
        var full = query.FullService == true || query.Full == true;
        var places = full ? await PlacesAsync(loaded, ct) : null;
        var contents = loaded.Select(s => full ? mapper.ServiceFull(s, places!) : mapper.ServiceSummary(s)).ToList();
        return HsdsPage.Of<HsdsService>(contents, total, page, perPage);
    }

    public async Task<HsdsService?> ServiceAsync(Viewer viewer, Guid id, CancellationToken ct)
    {
        var service = await Full().SingleOrDefaultAsync(s => s.Id == id, ct);
        if (service is null || !viewer.MayRead(service)) return null;
        return mapper.ServiceFull(service, await PlacesAsync([service], ct));
    }

    public async Task<Outcome<HsdsPage<HsdsOrganization>>> OrganizationsAsync(Viewer viewer, HsdsOrganizationQuery query, CancellationToken ct)
    {
        var errors = PageErrors(query, MaxPerPage);
        if (errors.Count > 0) return Invalid<HsdsPage<HsdsOrganization>>(errors);
        var organizations = db.Organizations.AsNoTracking().Where(o => o.ArchivedAt == null).Where(viewer.ReadableOrganizations());
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var key = JapaneseText.SearchKey(query.Search);
            organizations = organizations.Where(o => o.SearchText.Contains(key));
        }
        var (page, perPage) = Paging(query, DefaultPerPage);
        var total = await organizations.CountAsync(ct);
        var rows = await organizations.OrderBy(o => o.Name).ThenBy(o => o.Id).Skip((page - 1) * perPage).Take(perPage).ToListAsync(ct);
        var services = query.FullService == true ? await OrganizationServicesAsync(viewer, rows.Select(o => o.Id).ToList(), ct) : null;
        var contents = rows.Select(o => mapper.Organization(o, services?.GetValueOrDefault(o.Id, []))).ToList();
        return HsdsPage.Of<HsdsOrganization>(contents, total, page, perPage);
    }

    public async Task<HsdsOrganization?> OrganizationAsync(Viewer viewer, Guid id, bool fullServices, CancellationToken ct)
    {
        var organization = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct);
        if (organization is null || !viewer.MayRead(organization)) return null;
        IReadOnlyList<HsdsService> services;
        if (fullServices) services = (await OrganizationServicesAsync(viewer, [id], ct)).GetValueOrDefault(id, []);
        else
        {
            var rows = await db.Services.AsNoTracking().Where(viewer.ReadableServices())
                .Where(s => s.OrganizationId == id && s.ArchivedAt == null).OrderBy(s => s.Name).ThenBy(s => s.Id)
                .Select(s => new { s.Id, s.Name }).ToListAsync(ct);
            services = rows.Select(r => new HsdsService(r.Id, id, r.Name, "active")).ToList();
        }
        return mapper.Organization(organization, services);
    }

    public async Task<Outcome<HsdsPage<HsdsServiceAtLocation>>> ServiceAtLocationsAsync(Viewer viewer, HsdsServiceQuery query, CancellationToken ct)
    {
        var errors = PageErrors(query, MaxPerPage);
        var services = db.Services.AsNoTracking().Where(viewer.ReadableServices());
        var since = ChangeFeed.Parse(query.ModifiedAfter, "modified_after", errors);
        services = ChangeFeed.Filter(services, since);
        services = FilterByTaxonomy(services, query.TaxonomyTermId, query.TaxonomyId, errors);
        if (errors.Count > 0) return Invalid<HsdsPage<HsdsServiceAtLocation>>(errors);
        if (query.OrganizationId is { } organization) services = services.Where(s => s.OrganizationId == organization);
        services = Search(services, query.Search);
        var links = services.SelectMany(s => s.Locations.Where(l => l.Location!.ArchivedAt == null),
            (s, l) => new { l.ServiceId, l.LocationId, s.Name, s.UpdatedAt });
        var (page, perPage) = Paging(query, DefaultPerPage);
        var total = await links.CountAsync(ct);
        var ordered = since is not null
            ? links.OrderBy(x => x.UpdatedAt).ThenBy(x => x.ServiceId).ThenBy(x => x.LocationId)
            : links.OrderBy(x => x.Name).ThenBy(x => x.ServiceId).ThenBy(x => x.LocationId);
        var window = await ordered.Skip((page - 1) * perPage).Take(perPage).Select(x => new { x.ServiceId, x.LocationId }).ToListAsync(ct);
        var loaded = (await LoadAsync(window.Select(w => w.ServiceId).Distinct().ToList(), ct)).ToDictionary(s => s.Id);
        var places = await PlacesAsync(loaded.Values.ToList(), ct);
        var contents = window.Select(w =>
        {
            var service = loaded[w.ServiceId];
            var location = service.Locations.Single(l => l.LocationId == w.LocationId).Location!;
            return mapper.ServiceAtLocation(service, location, places, mapper.ServiceSummary(service) with { Organization = null });
        }).ToList();
        return HsdsPage.Of<HsdsServiceAtLocation>(contents, total, page, perPage);
    }

    public async Task<HsdsServiceAtLocation?> ServiceAtLocationAsync(Viewer viewer, Guid id, CancellationToken ct)
    {
        var key = await db.Database
            .SqlQueryRaw<ServiceAtLocationKey>(
                $"SELECT service_id, location_id FROM service_at_location WHERE {HsdsIds.ServiceAtLocationSql} = @p0",
                new Npgsql.NpgsqlParameter("p0", id))
            .SingleOrDefaultAsync(ct);
        if (key is null) return null;
        var service = await Full().SingleOrDefaultAsync(s => s.Id == key.ServiceId, ct);
        if (service is null || !viewer.MayRead(service)) return null;
        var location = service.Locations.Single(l => l.LocationId == key.LocationId).Location!;
        var places = await PlacesAsync([service], ct);
        return mapper.ServiceAtLocation(service, location, places, mapper.ServiceFull(service, places) with { ServiceAtLocations = null },
            withSchedules: true);
    }

    public Outcome<HsdsPage<HsdsTaxonomy>> Taxonomies(HsdsPageQuery query)
    {
        var errors = PageErrors(query, MaxPerPage);
        if (errors.Count > 0) return Invalid<HsdsPage<HsdsTaxonomy>>(errors);
        var all = PublishedTaxonomies().Select(mapper.Taxonomy)
            .Where(t => Matches(query.Search, t.Name, t.Description)).ToList();
        return PageOf(all, query);
    }

    public HsdsTaxonomy? Taxonomy(Guid id) => PublishedTaxonomies().Select(mapper.Taxonomy).FirstOrDefault(t => t.Id == id);

    public Outcome<HsdsPage<HsdsTaxonomyTerm>> Terms(HsdsTermQuery query)
    {
        var errors = PageErrors(query, MaxPerPage);
        if (query.TaxonomyId is { } taxonomy && PublishedTaxonomies().All(v => HsdsIds.Taxonomy(v.Id) != taxonomy))
            errors["taxonomy_id"] = [$"'{taxonomy}' is not a taxonomy of this directory; see /hsds/taxonomies."];
        if (errors.Count > 0) return Invalid<HsdsPage<HsdsTaxonomyTerm>>(errors);
        var all = PublishedTerms()
            .Where(t => query.TaxonomyId is null || HsdsIds.Taxonomy(t.Vocabulary) == query.TaxonomyId)
            .Where(t => Matches(query.Search, t.Code, t.LabelJa, t.LabelEn))
            .Select(t => mapper.Term(t)).ToList();
        return PageOf(all, query);
    }

    public HsdsTaxonomyTerm? Term(Guid id) =>
        PublishedTerms().Where(t => HsdsIds.Term(t.Vocabulary, t.Code) == id).Select(t => mapper.Term(t, withTaxonomy: true)).FirstOrDefault();

    /// <summary>Every public service, fully nested, in batches: what the tabular export writes.</summary>
    public async IAsyncEnumerable<(Service Service, HsdsService Hsds)> AllPublicServicesAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        Guid? after = null;
        while (true)
        {
            var query = db.Services.AsNoTracking().Where(Viewer.Public.ReadableServices()).Where(s => s.ArchivedAt == null);
            if (after is { } last) query = query.Where(s => s.Id.CompareTo(last) > 0);
            var ids = await query.OrderBy(s => s.Id).Take(500).Select(s => s.Id).ToListAsync(ct);
            if (ids.Count == 0) yield break;
            var batch = await LoadAsync(ids, ct);
            var places = await PlacesAsync(batch, ct);
            foreach (var service in batch) yield return (service, mapper.ServiceFull(service, places));
            after = ids[^1];
        }
    }

    public IEnumerable<TaxonomyVocabulary> PublishedTaxonomies() =>
        HsdsMapper.PublishedVocabularies.Select(id => catalog.Vocabularies.FirstOrDefault(v => v.Id == id)).OfType<TaxonomyVocabulary>();

    public IEnumerable<TaxonomyTerm> PublishedTerms() => HsdsMapper.PublishedVocabularies.SelectMany(catalog.Terms);

    private sealed record ServiceAtLocationKey(Guid ServiceId, Guid LocationId);

    private async Task<List<Service>> LoadAsync(List<Guid> ids, CancellationToken ct)
    {
        var rows = await Full().Where(s => ids.Contains(s.Id)).ToListAsync(ct);
        return ids.Select(id => rows.Single(s => s.Id == id)).ToList();
    }

    private async Task<Dictionary<Guid, IReadOnlyList<HsdsService>>> OrganizationServicesAsync(Viewer viewer, List<Guid> organizations,
        CancellationToken ct)
    {
        var ids = await db.Services.AsNoTracking().Where(viewer.ReadableServices())
            .Where(s => organizations.Contains(s.OrganizationId) && s.ArchivedAt == null)
            .OrderBy(s => s.Name).ThenBy(s => s.Id).Select(s => s.Id).ToListAsync(ct);
        var loaded = await LoadAsync(ids, ct);
        var places = await PlacesAsync(loaded, ct);
        return loaded.GroupBy(s => s.OrganizationId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<HsdsService>)g.Select(s => mapper.ServiceFull(s, places) with { Organization = null }).ToList());
    }

    /// <summary>The names of the municipalities, prefectures and regions the services' sites and areas mention.</summary>
    private async Task<HsdsPlaces> PlacesAsync(IReadOnlyCollection<Service> services, CancellationToken ct)
    {
        var codes = services.SelectMany(s => s.Locations.Where(l => l.Location is not null).Select(l => l.Location!.MunicipalityCode)
                .Concat(s.ServiceArea?.MunicipalityCodes ?? [])
                .Concat(s.ServiceArea?.Level is ServiceAreaLevels.PartOfMunicipality or ServiceAreaLevels.Municipality or ServiceAreaLevels.MultipleMunicipalities
                    ? s.ServiceArea.CoveredMunicipalityCodes : []))
            .Distinct().ToList();
        var municipalities = await db.Municipalities.AsNoTracking().Where(m => codes.Contains(m.Code))
            .Select(m => new { m.Code, m.DistrictOrCity, m.Name, m.Prefecture }).ToListAsync(ct);
        var prefectureCodes = services.Select(s => s.ServiceArea?.PrefectureCode).OfType<string>().Distinct().ToList();
        var prefectures = await db.Municipalities.AsNoTracking().Where(m => prefectureCodes.Contains(m.PrefectureCode))
            .Select(m => new { m.PrefectureCode, m.Prefecture }).Distinct().ToListAsync(ct);
        var regionIds = services.Select(s => s.ServiceArea?.RegionId).OfType<string>().Distinct().ToList();
        var regions = await db.Regions.AsNoTracking().Where(r => regionIds.Contains(r.Id)).Select(r => new { r.Id, r.NameJa }).ToListAsync(ct);
        return new HsdsPlaces(
            municipalities.ToDictionary(m => m.Code, m => ((m.DistrictOrCity ?? "") + m.Name, m.Prefecture)),
            prefectures.ToDictionary(p => p.PrefectureCode, p => p.Prefecture),
            regions.ToDictionary(r => r.Id, r => r.NameJa));
    }

    private IQueryable<Service> FilterByTaxonomy(IQueryable<Service> services, Guid? termId, Guid? taxonomyId, Dictionary<string, string[]> errors)
    {
        if (termId is { } t)
        {
            var term = PublishedTerms().FirstOrDefault(x => HsdsIds.Term(x.Vocabulary, x.Code) == t);
            if (term is null) errors["taxonomy_term_id"] = [$"'{t}' is not a taxonomy term of this directory; see /hsds/taxonomy_terms."];
            else
            {
                var code = term.Code;
                services = term.Vocabulary switch
                {
                    Vocabularies.ServiceCategory => services.Where(s => s.Category == code),
                    Vocabularies.TargetGroup => services.Where(s => s.TargetGroups.Contains(code)),
                    Vocabularies.ProblemKeyword => services.Where(s => s.ProblemKeywords.Contains(code)),
                    _ => services.Where(s => s.Channels.Contains(code)),
                };
            }
        }
        if (taxonomyId is { } x2)
        {
            var vocabulary = PublishedTaxonomies().FirstOrDefault(v => HsdsIds.Taxonomy(v.Id) == x2);
            if (vocabulary is null) errors["taxonomy_id"] = [$"'{x2}' is not a taxonomy of this directory; see /hsds/taxonomies."];
            else services = vocabulary.Id switch
            {
                Vocabularies.ServiceCategory => services,
                Vocabularies.TargetGroup => services.Where(s => s.TargetGroups.Count > 0),
                Vocabularies.ProblemKeyword => services.Where(s => s.ProblemKeywords.Count > 0),
                _ => services.Where(s => s.Channels.Count > 0),
            };
        }
        return services;
    }

    private static IQueryable<Service> Search(IQueryable<Service> services, string? search)
    {
        if (string.IsNullOrWhiteSpace(search)) return services;
        var key = JapaneseText.SearchKey(search);
        return services.Where(s => s.SearchText.Contains(key));
    }

    private static bool Matches(string? search, params string[] texts) =>
        string.IsNullOrWhiteSpace(search) || texts.Any(t => JapaneseText.SearchKey(t).Contains(JapaneseText.SearchKey(search), StringComparison.Ordinal));

    private static Outcome<HsdsPage<T>> PageOf<T>(List<T> all, HsdsPageQuery query)
    {
        var (page, perPage) = Paging(query, DefaultPerPage);
        return HsdsPage.Of<T>(all.Skip((page - 1) * perPage).Take(perPage).ToList(), all.Count, page, perPage);
    }

    private static (int Page, int PerPage) Paging(HsdsPageQuery query, int defaultPerPage) => (query.Page ?? 1, query.PerPage ?? defaultPerPage);

    private static Dictionary<string, string[]> PageErrors(HsdsPageQuery query, int maxPerPage)
    {
        var errors = new Dictionary<string, string[]>();
        if (query.Page is < 1) errors["page"] = ["page must be 1 or more."];
        if (query.PerPage is < 1 || query.PerPage > maxPerPage) errors["per_page"] = [$"per_page must be between 1 and {maxPerPage}."];
        return errors;
    }
}
