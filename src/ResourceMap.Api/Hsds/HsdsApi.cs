using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ResourceMap.Api.Common;
using ResourceMap.Api.Hosting;

namespace ResourceMap.Api.Hsds;

/// <summary>
/// The Open Referral HSDS 3.0 read API under /hsds (https://docs.openreferral.org/en/latest/hsds/api_reference.html):
/// the same directory as /api, in the international standard's shape, for integrators and HSDS validators.
/// </summary>
public static class HsdsApi
{
    public const string Version = "3.0";

    public static RouteGroupBuilder MapHsdsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/hsds").WithTags("HSDS");
        group.MapGet("/", Root).WithName("HsdsRoot").WithSummary("HSDS: version, profile and OpenAPI document of this API")
            .Produces<HsdsRoot>();
        group.MapGet("/profile", Profile).WithName("HsdsProfile").WithSummary("HSDS: the Japan profile (how ResourceMap's fields map to HSDS)")
            .Produces<string>(contentType: "text/markdown");
        group.MapGet("/services", ServicesAsync).WithName("HsdsListServices").WithSummary("HSDS: list services")
            .WithDescription("Page envelope; modified_after turns the list into a change feed that includes archived services as status defunct.")
            .Produces<HsdsPage<HsdsService>>().ProducesValidationProblem();
        group.MapGet("/services/{id:guid}", ServiceAsync).WithName("HsdsGetService").WithSummary("HSDS: a service, fully nested")
            .Produces<HsdsService>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/organizations", OrganizationsAsync).WithName("HsdsListOrganizations").WithSummary("HSDS: list organisations")
            .Produces<HsdsPage<HsdsOrganization>>().ProducesValidationProblem();
        group.MapGet("/organizations/{id:guid}", OrganizationAsync).WithName("HsdsGetOrganization").WithSummary("HSDS: an organisation with its services")
            .Produces<HsdsOrganization>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/service_at_locations", ServiceAtLocationsAsync).WithName("HsdsListServiceAtLocations").WithSummary("HSDS: list services at their sites")
            .Produces<HsdsPage<HsdsServiceAtLocation>>().ProducesValidationProblem();
        group.MapGet("/service_at_locations/{id:guid}", ServiceAtLocationAsync).WithName("HsdsGetServiceAtLocation").WithSummary("HSDS: a service at one site, fully nested")
            .Produces<HsdsServiceAtLocation>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/taxonomies", Taxonomies).WithName("HsdsListTaxonomies").WithSummary("HSDS: list taxonomies (category, target group, problem keyword, channel)")
            .Produces<HsdsPage<HsdsTaxonomy>>().ProducesValidationProblem();
        group.MapGet("/taxonomies/{id:guid}", Taxonomy).WithName("HsdsGetTaxonomy").WithSummary("HSDS: a taxonomy")
            .Produces<HsdsTaxonomy>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/taxonomy_terms", Terms).WithName("HsdsListTaxonomyTerms").WithSummary("HSDS: list taxonomy terms")
            .Produces<HsdsPage<HsdsTaxonomyTerm>>().ProducesValidationProblem();
        group.MapGet("/taxonomy_terms/{id:guid}", Term).WithName("HsdsGetTaxonomyTerm").WithSummary("HSDS: a taxonomy term")
            .Produces<HsdsTaxonomyTerm>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/datapackage.zip", DataPackageAsync).WithName("HsdsDataPackage").WithSummary("HSDS tabular export: datapackage.json and one CSV per table, everything public")
            .Produces(StatusCodes.Status200OK, contentType: "application/zip");
        return group;
    }

    private static IResult Json<T>(T value) => TypedResults.Json(value, HsdsJson.Options);

    private static IResult Root(IOptions<PublicBaseUrlOptions> options) =>
        Json(new HsdsRoot(Version, options.Value.Link("/hsds/profile"), options.Value.Link("/openapi/v1.json")));

    private static IResult Profile()
    {
        using var stream = typeof(HsdsApi).Assembly.GetManifestResourceStream("hsds-japan-profile.md")
            ?? throw new InvalidOperationException("The HSDS profile document is not embedded.");
        using var reader = new StreamReader(stream);
        return TypedResults.Text(reader.ReadToEnd(), "text/markdown; charset=utf-8");
    }

    private static async Task<IResult> ServicesAsync([AsParameters] HsdsServiceQuery query, HttpContext http, HsdsQueries queries, CancellationToken ct) =>
        Answer(await queries.ServicesAsync(await Viewer.ForAsync(http, ct), query, ct));

    private static async Task<IResult> ServiceAsync(Guid id, HttpContext http, HsdsQueries queries, CancellationToken ct) =>
        await queries.ServiceAsync(await Viewer.ForAsync(http, ct), id, ct) is { } service ? Json(service) : Problems.NotFoundProblem("service", id);

    private static async Task<IResult> OrganizationsAsync([AsParameters] HsdsOrganizationQuery query, HttpContext http, HsdsQueries queries,
        CancellationToken ct) =>
        Answer(await queries.OrganizationsAsync(await Viewer.ForAsync(http, ct), query, ct));

    private static async Task<IResult> OrganizationAsync(Guid id, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "full_service")] bool? fullService,
        HttpContext http, HsdsQueries queries, CancellationToken ct) =>
        await queries.OrganizationAsync(await Viewer.ForAsync(http, ct), id, fullService == true, ct) is { } organization
            ? Json(organization) : Problems.NotFoundProblem("organization", id);

    private static async Task<IResult> ServiceAtLocationsAsync([AsParameters] HsdsServiceQuery query, HttpContext http, HsdsQueries queries,
        CancellationToken ct) =>
        Answer(await queries.ServiceAtLocationsAsync(await Viewer.ForAsync(http, ct), query, ct));

    private static async Task<IResult> ServiceAtLocationAsync(Guid id, HttpContext http, HsdsQueries queries, CancellationToken ct) =>
        await queries.ServiceAtLocationAsync(await Viewer.ForAsync(http, ct), id, ct) is { } link
            ? Json(link) : Problems.NotFoundProblem("service_at_location", id);

    private static IResult Taxonomies([AsParameters] HsdsPageQuery query, HsdsQueries queries) => Answer(queries.Taxonomies(query));

    private static IResult Taxonomy(Guid id, HsdsQueries queries) =>
        queries.Taxonomy(id) is { } taxonomy ? Json(taxonomy) : Problems.NotFoundProblem("taxonomy", id);

    private static IResult Terms([AsParameters] HsdsTermQuery query, HsdsQueries queries) => Answer(queries.Terms(query));

    private static IResult Term(Guid id, HsdsQueries queries) =>
        queries.Term(id) is { } term ? Json(term) : Problems.NotFoundProblem("taxonomy_term", id);

    private static async Task DataPackageAsync(HttpResponse response, HsdsTabularExport export, CancellationToken ct)
    {
        // ZipArchive writes synchronously: build the archive in a temporary file, then stream it out.
        await using var buffer = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await export.WriteAsync(buffer, ct);
        buffer.Position = 0;
        response.ContentType = "application/zip";
        response.Headers.ContentDisposition = "attachment; filename=\"resourcemap-hsds-datapackage.zip\"";
        response.ContentLength = buffer.Length;
        await buffer.CopyToAsync(response.Body, ct);
    }

    private static IResult Answer<T>(HsdsQueries.Outcome<T> outcome) =>
        outcome.Errors.Count > 0 ? Problems.ValidationProblem(outcome.Errors) : Json(outcome.Value);
}
