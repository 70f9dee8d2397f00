using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Serialization;
using CsvHelper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ResourceMap.Api.Common;
using ResourceMap.Api.Hosting;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Domain.Taxonomy;
using ResourceMap.Infrastructure.Analytics;
using ResourceMap.Infrastructure.Persistence;

namespace ResourceMap.Api.Analytics;

public record CoverageQuery
{
    [Description("Region id, e.g. nishi-iburi: every member municipality is analysed.")]
    [FromQuery(Name = "region")]
    public string? Region { get; init; }
    [Description("One service_category code (ibasho, consultation, outreach, other); omitted: all of them.")]
    [FromQuery(Name = "category")]
    public string? Category { get; init; }
    [Description("json (default) or csv; Accept: text/csv also selects CSV.")]
    [FromQuery(Name = "format")]
    public string? Format { get; init; }
}

public record CoverageRegion(string Id, string NameJa, string NameEn);

public record CategoryCoverage(
    [property: Description("service_category code.")] string Category,
    string LabelJa,
    string LabelEn,
    [property: Description("Live services of live organisations with at least one live site in the municipality.")] int Located,
    [property: Description("Live services of live organisations whose service area covers the municipality (part of it, the whole, several municipalities, a region, its prefecture or nationwide).")] int Covering,
    [property: Description("located per 10,000 residents (2 decimals); null without a loaded population.")]
    [property: JsonPropertyName("located_per_10k")] double? LocatedPer10k,
    [property: Description("covering per 10,000 residents (2 decimals); null without a loaded population.")]
    [property: JsonPropertyName("covering_per_10k")] double? CoveringPer10k);

public record MunicipalityCoverage(
    string Code,
    string OfficialCode,
    [property: Description("Japanese name, e.g. 豊浦町.")] string Name,
    [property: Description("With its district (郡) or designated city, e.g. 虻田郡豊浦町.")] string FullName,
    [property: Description("Loaded population (PUT /api/analytics/populations); null when none is loaded.")] int? Population,
    DateOnly? PopulationAsOf,
    string? PopulationSource,
    IReadOnlyList<CategoryCoverage> Categories);

public record CoverageFinding(
    string MunicipalityCode,
    string MunicipalityName,
    string Category,
    string CategoryLabelJa,
    string CategoryLabelEn,
    int Located,
    int Covering,
    [property: Description("e.g. \"no outreach covers 豊浦町\".")] string Message,
    string MessageJa);

public record CoverageReport(
    CoverageRegion Region,
    [property: Description("The category asked for; null when all categories are analysed.")] string? Category,
    [property: Description("How a gap is decided.")] string GapRule,
    [property: Description("Set when some or all municipalities have no loaded population (their per-10k figures are null); null when every one has.")] string? PopulationNote,
    IReadOnlyList<MunicipalityCoverage> Municipalities,
    [property: Description("Municipality × category pairs that no readable service covers (covering = 0).")] IReadOnlyList<CoverageFinding> Gaps,
    [property: Description("Pairs that are covered but where no readable service of the category has a site (covering > 0, located = 0): residents are served from elsewhere, by phone or online.")] IReadOnlyList<CoverageFinding> WithoutLocalSite);

public static class CoverageApi
{
    public const string GapRule = "A gap is a municipality × category that no service covers (covering = 0). located = 0 alone is not a gap: " +
                                  "such pairs are listed in without_local_site.";

    public static RouteGroupBuilder MapCoverageGapsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/analytics").WithTags("Analytics");
        group.MapGet("/coverage", CoverageAsync).WithName("GetCoverageGaps").WithSummary("Gap analysis of a region: services located in and covering each municipality, by category")
            .WithDescription("For every member municipality of `region` × every service_category (or only `category`): `located` = live services of live " +
                             "organisations with a live site in the municipality; `covering` = those whose service area covers it (part of it, the whole, " +
                             "several municipalities, a region, its prefecture or nationwide, as in GET /api/search/coverage). " + GapRule + " " +
                             "Counts respect sharing scopes: the public counts public services of public organisations, staff also what is shared with " +
                             "them. With a loaded population (PUT /api/analytics/populations) each municipality carries population and per-10,000-resident " +
                             "figures; otherwise they are null and population_note says so. CSV (format=csv or Accept: text/csv, UTF-8 with BOM): one row " +
                             "per municipality × category.")
            .Produces<CoverageReport>(200, "application/json")
            .WithMetadata(new CsvAlternativeMetadata("UTF-8 with BOM; header region_id,municipality_code,official_code,municipality_name,category," +
                                                     "category_ja,category_en,located,covering,gap,population,population_as_of,located_per_10k," +
                                                     "covering_per_10k; one row per municipality × category."))
            .ProducesValidationProblem();
        return group;
    }

    private static async Task<IResult> CoverageAsync([AsParameters] CoverageQuery query, HttpContext http, CoverageGaps gaps,
        TaxonomyCatalog catalog, ResourceMapDbContext db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var region = string.IsNullOrWhiteSpace(query.Region) ? null
            : await db.Regions.AsNoTracking().Where(r => r.Id == query.Region).Select(r => new CoverageRegion(r.Id, r.NameJa, r.NameEn))
                .SingleOrDefaultAsync(ct);
        if (string.IsNullOrWhiteSpace(query.Region)) errors["region"] = ["region (a region id, e.g. nishi-iburi) is required."];
        else if (region is null) errors["region"] = [$"No region has the id {query.Region}."];
        if (query.Category is not null && !catalog.Contains(Vocabularies.ServiceCategory, query.Category))
            errors["category"] = [$"'{query.Category}' is not a service_category code; use one of: {catalog.Codes(Vocabularies.ServiceCategory)}."];
        var format = query.Format?.ToLowerInvariant()
            ?? (http.Request.Headers.Accept.Any(a => a?.Contains("text/csv", StringComparison.OrdinalIgnoreCase) == true) ? "csv" : "json");
        if (format is not ("json" or "csv")) errors["format"] = ["format must be json or csv."];
        if (errors.Count > 0) return Problems.ValidationProblem(errors);

        var terms = catalog.Terms(Vocabularies.ServiceCategory).Where(t => query.Category is null || t.Code == query.Category)
            .ToDictionary(t => t.Code);
        var cells = await gaps.ForRegionAsync(region!.Id, terms.Keys.ToList(), await Viewer.ForSearchAsync(http, ct), ct);
        return format == "csv" ? Csv(region, cells, terms) : TypedResults.Ok(Report(region, query.Category, cells, terms));
    }

    private static CoverageReport Report(CoverageRegion region, string? category, IReadOnlyList<CoverageCell> cells,
        IReadOnlyDictionary<string, TaxonomyTerm> terms)
    {
        var municipalities = cells.GroupBy(c => c.MunicipalityCode).Select(g =>
        {
            var first = g.First();
            return new MunicipalityCoverage(first.MunicipalityCode, first.OfficialCode, first.MunicipalityName, first.MunicipalityFullName,
                first.Population, first.PopulationAsOf, first.PopulationSource,
                g.Select(c => new CategoryCoverage(c.Category, terms[c.Category].LabelJa, terms[c.Category].LabelEn, c.Located, c.Covering,
                    c.LocatedPer10k, c.CoveringPer10k)).ToList());
        }).ToList();
        var gaps = cells.Where(c => c.Covering == 0).Select(c => Finding(c, terms[c.Category],
            $"no {c.Category} covers {c.MunicipalityName}",
            $"{c.MunicipalityName}を対象とする{terms[c.Category].LabelJa}はありません")).ToList();
        var withoutLocalSite = cells.Where(c => c.Covering > 0 && c.Located == 0).Select(c => Finding(c, terms[c.Category],
            $"{c.Covering} {c.Category} service(s) cover {c.MunicipalityName}, but none has a site there",
            $"{c.MunicipalityName}を対象とする{terms[c.Category].LabelJa}は{c.Covering}件ありますが、{c.MunicipalityName}内に拠点はありません")).ToList();
        var missing = municipalities.Where(m => m.Population is null).ToList();
        var note = missing.Count == 0 ? null
            : missing.Count == municipalities.Count
                ? "No population is loaded for this region's municipalities, so the per-10,000 figures are null. Load one with PUT /api/analytics/populations."
                : $"No population is loaded for {missing.Count} of {municipalities.Count} municipalities " +
                  $"({string.Join(", ", missing.Select(m => $"{m.Code} {m.Name}"))}); their per-10,000 figures are null.";
        return new CoverageReport(region, category, GapRule, note, municipalities, gaps, withoutLocalSite);
    }

    private static CoverageFinding Finding(CoverageCell c, TaxonomyTerm term, string message, string messageJa) =>
        new(c.MunicipalityCode, c.MunicipalityName, c.Category, term.LabelJa, term.LabelEn, c.Located, c.Covering, message, messageJa);

    /// <summary>UTF-8 with BOM for Excel on Japanese Windows; text cells starting with = + - @ are escaped.</summary>
    private static IResult Csv(CoverageRegion region, IReadOnlyList<CoverageCell> cells, IReadOnlyDictionary<string, TaxonomyTerm> terms)
    {
        using var stream = new MemoryStream();
        using (var csv = CsvWriter.Create(stream, new CsvWriterOptions { WriteByteOrderMark = true, Injection = CsvInjection.Escape }, leaveOpen: true))
        {
            csv.WriteRecord(["region_id", "municipality_code", "official_code", "municipality_name", "category", "category_ja", "category_en",
                "located", "covering", "gap", "population", "population_as_of", "located_per_10k", "covering_per_10k"]);
            foreach (var c in cells)
            {
                csv.WriteField(region.Id);
                csv.WriteField(c.MunicipalityCode);
                csv.WriteField(c.OfficialCode);
                csv.WriteField(c.MunicipalityName);
                csv.WriteField(c.Category);
                csv.WriteField(terms[c.Category].LabelJa);
                csv.WriteField(terms[c.Category].LabelEn);
                csv.WriteField(c.Located);
                csv.WriteField(c.Covering);
                csv.WriteField(c.Covering == 0 ? "true" : "false");
                csv.WriteField(c.Population);
                csv.WriteField(c.PopulationAsOf?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                csv.WriteField(c.LocatedPer10k);
                csv.WriteField(c.CoveringPer10k);
                csv.EndRecord();
            }
        }
        return TypedResults.File(stream.ToArray(), "text/csv; charset=utf-8", $"coverage-{region.Id}.csv");
    }
}
