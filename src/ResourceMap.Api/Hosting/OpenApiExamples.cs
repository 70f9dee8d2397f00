using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using NetTopologySuite.Geometries;
using ResourceMap.Api.Analytics;
using ResourceMap.Api.Audit;
using ResourceMap.Api.Common;
using ResourceMap.Api.Geocoding;
using ResourceMap.Api.Hsds;
using ResourceMap.Api.Keys;
using ResourceMap.Api.Locations;
using ResourceMap.Api.Municipalities;
using ResourceMap.Api.Organizations;
using ResourceMap.Api.Regions;
using ResourceMap.Api.Search;
using ResourceMap.Api.Services;
using ResourceMap.Api.Sharing;
using ResourceMap.Api.Surveys;
using ResourceMap.Api.Taxonomy;
using ResourceMap.Api.Tiles;
using Swashbuckle.AspNetCore.SwaggerGen;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace ResourceMap.Api.Hosting;

/// <summary>
/// The worked example of every JSON request body and success response in the OpenAPI document, from the Noboribetsu
/// survey area (登別市 01230, 西胆振, the fictional sample directory). The example texts live in OpenApiExamples.json,
/// one per contract type listed here; each is read into that type with the API's own JSON options, unknown properties
/// refused, and written back with them, so an example can hold no field the contract lacks and has the shape the API
/// writes. Any media type whose schema is one of these types (or an array of one) gets its example.
/// </summary>
public sealed class OpenApiExamples : IOperationFilter
{
    private static readonly Type[] ExampleTypes =
    [
        typeof(OrganizationRequest), typeof(OrganizationResponse), typeof(Page<OrganizationResponse>),
        typeof(LocationRequest), typeof(LocationResponse), typeof(Page<LocationResponse>),
        typeof(ServiceRequest), typeof(ServiceResponse), typeof(Page<ServiceResponse>),
        typeof(CreateRegionRequest), typeof(RegionResponse), typeof(RegionSummary),
        typeof(MunicipalityListResponse), typeof(MunicipalityResponse), typeof(GeoJsonFeature<MunicipalityResponse>), typeof(NeighbourListResponse),
        typeof(VocabularyResponse), typeof(VocabularyTermsResponse), typeof(GeocodeResponse),
        typeof(SearchResponse), typeof(SearchFeatureCollection), typeof(Geometry), typeof(TileJsonDocument),
        typeof(CapacityResponse), typeof(CoverageReport), typeof(PopulationImportResult), typeof(PopulationList), typeof(StalePage),
        typeof(AuditPage), typeof(CreateApiKeyRequest), typeof(IssuedApiKeyResponse), typeof(ApiKeyResponse),
        typeof(MappingProfileRequest), typeof(MappingProfileResponse),
        typeof(SurveyRequest), typeof(SurveyResponse), typeof(SurveySummary), typeof(SurveyStatusRequest),
        typeof(AddDirectoryTargetsRequest), typeof(SurveysApi.AddTargetsResult), typeof(TargetImportResult), typeof(TargetResponse), typeof(TargetStatusRequest),
        typeof(ImportResult), typeof(ImportReportPage), typeof(MatchResolutionRequest), typeof(ImportSummary), typeof(ArchivedRow),
        typeof(SurveyStatistics), typeof(PublishPreview), typeof(PublishRequest), typeof(PublishResult),
        typeof(HsdsRoot), typeof(HsdsService), typeof(HsdsOrganization), typeof(HsdsServiceAtLocation), typeof(HsdsTaxonomy), typeof(HsdsTaxonomyTerm),
        typeof(HsdsPage<HsdsService>), typeof(HsdsPage<HsdsOrganization>), typeof(HsdsPage<HsdsServiceAtLocation>),
        typeof(HsdsPage<HsdsTaxonomy>), typeof(HsdsPage<HsdsTaxonomyTerm>),
    ];

    /// <summary>A merge patch sends only what changes: these fields of the full example.</summary>
    private static readonly Dictionary<Type, string[]> MergePatchFields = new()
    {
        [typeof(OrganizationRequest)] = ["website", "phones"],
        [typeof(LocationRequest)] = ["name", "postal_code"],
        [typeof(ServiceRequest)] = ["hours", "hours_notes"],
    };

    /// <summary>
    /// A worked value for each query and path parameter, by name, from the same survey area: a call copied from the
    /// document works against the sample directory. Parameters whose value only a previous answer gives (cursor) or
    /// whose meaning differs by operation (format, profile) have none. Typed by the parameter's schema when attached.
    /// </summary>
    private static readonly Dictionary<string, string> ParameterExamples = new()
    {
        ["municipality"] = "01230", ["code"] = "01230", ["for"] = "01578", ["within"] = "01230,01233", ["prefecture"] = "北海道",
        ["bureau"] = "胆振総合振興局", ["region"] = "nishi-iburi", ["kind"] = "zone", ["address"] = "北海道登別市幌別町一丁目",
        ["category"] = "ibasho", ["target_group"] = "children", ["keyword"] = "loneliness", ["channel"] = "in_person", ["legal_form"] = "npo",
        ["q"] = "子ども食堂", ["search"] = "居場所", ["lang"] = "ja", ["anonymous_ok"] = "true", ["accepts_other_municipalities"] = "true",
        ["open_at"] = "2024-02-06T10:00:00+09:00", ["modified_after"] = "2024-02-01T00:00:00+09:00", ["updated_since"] = "2024-02-01T00:00:00+09:00",
        ["lat"] = "42.4128", ["lng"] = "141.1067", ["radius_m"] = "5000", ["bbox"] = "140.95,42.33,141.25,42.53",
        ["z"] = "12", ["x"] = "3653", ["y"] = "1514", ["limit"] = "50", ["page"] = "1", ["per_page"] = "50", ["page_size"] = "20",
        ["minimal"] = "false", ["full_service"] = "true", ["full"] = "true", ["taxonomy_id"] = "3c0e1a52-7c1d-5b2e-9f3a-6d4c2b1a0e9f", ["include"] = "boundary",
        ["vocabulary"] = "service_category", ["entity_type"] = "organization", ["actor"] = "noboribetsu-staff", ["mode"] = "dry_run",
        ["encoding"] = "auto", ["status"] = "answered",
        ["id"] = "52307d99-4a4d-5f16-9208-39d3dd8f7ee8", ["entity_id"] = "52307d99-4a4d-5f16-9208-39d3dd8f7ee8",
        ["organization_id"] = "52307d99-4a4d-5f16-9208-39d3dd8f7ee8", ["targetId"] = "0193e1c2-7a4b-7c3d-9e8f-0a1b2c3d4e5f",
        ["importId"] = "0193e1c3-1b2c-7d4e-8f9a-0b1c2d3e4f5a", ["reportId"] = "0193e1c3-1b2c-7d4e-8f9a-0b1c2d3e4f5a",
        ["taxonomy_term_id"] = "6f1c2b3a-4d5e-5f60-8a9b-0c1d2e3f4a5b",
    };

    private readonly Dictionary<string, (Type Type, JsonNode Example)> _bySchemaId;

    public OpenApiExamples(IOptions<HttpJsonOptions> json)
    {
        using var stream = typeof(OpenApiExamples).Assembly.GetManifestResourceStream("openapi-examples.json")
            ?? throw new InvalidOperationException("The embedded openapi-examples.json is missing.");
        var texts = JsonNode.Parse(stream)!.AsObject();
        var unused = texts.Select(t => t.Key).Except(ExampleTypes.Select(OpenApiSetup.SchemaId)).ToList();
        if (unused.Count > 0) throw new InvalidOperationException($"openapi-examples.json has examples of no listed type: {string.Join(", ", unused)}");
        var api = json.Value.SerializerOptions;
        var strictApi = new JsonSerializerOptions(api) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };
        var strictHsds = new JsonSerializerOptions(HsdsJson.Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };
        _bySchemaId = ExampleTypes.ToDictionary(OpenApiSetup.SchemaId, type =>
        {
            var id = OpenApiSetup.SchemaId(type);
            var text = texts[id] ?? throw new InvalidOperationException($"openapi-examples.json has no example of {id}.");
            // HSDS answers are written with HSDS's own options (nulls left out); everything else with the API's.
            var (options, strict) = type.Namespace == typeof(HsdsJson).Namespace ? (HsdsJson.Options, strictHsds) : (api, strictApi);
            var instance = text.Deserialize(type, strict) ?? throw new InvalidOperationException($"The example of {id} is null.");
            return (type, JsonSerializer.SerializeToNode(instance, type, options)!);
        });
    }

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            if (parameter.Name is { } name && ParameterExamples.TryGetValue(name, out var text))
                parameter.Example = parameter.Schema?.Type switch
                {
                    { } t when t.HasFlag(JsonSchemaType.Integer) => JsonValue.Create(int.Parse(text, System.Globalization.CultureInfo.InvariantCulture)),
                    { } t when t.HasFlag(JsonSchemaType.Boolean) => JsonValue.Create(bool.Parse(text)),
                    _ => JsonValue.Create(text),
                };
        }
        if (operation.RequestBody?.Content is { } request)
        {
            foreach (var (mediaType, body) in request)
            {
                body.Example = ExampleOf(body.Schema)
                    ?? (context.ApiDescription.ParameterDescriptions.FirstOrDefault(p => p.Source.Id == "Body")?.Type is { } bodyType
                        ? ExampleOf(bodyType) : null);
                if (mediaType == "application/merge-patch+json" && body.Example is JsonObject full)
                    body.Example = MergePatch(full);
            }
        }
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (!status.StartsWith('2') || response.Content is null) continue;
            foreach (var (mediaType, body) in response.Content)
                body.Example ??= mediaType == "text/markdown" ? JsonValue.Create(ProfileOpening.Value) : ExampleOf(body.Schema);
        }
    }

    /// <summary>The opening lines of the HSDS profile document, the example of the one Markdown answer.</summary>
    private static readonly Lazy<string> ProfileOpening = new(() =>
    {
        using var stream = typeof(OpenApiExamples).Assembly.GetManifestResourceStream("hsds-japan-profile.md")
            ?? throw new InvalidOperationException("The embedded hsds-japan-profile.md is missing.");
        using var reader = new StreamReader(stream);
        return string.Join("\n", Enumerable.Range(0, 3).Select(_ => reader.ReadLine()).TakeWhile(l => l is not null)) + "\n…";
    });

    private JsonNode? ExampleOf(Type type) =>
        _bySchemaId.TryGetValue(OpenApiSetup.SchemaId(type), out var entry) && entry.Type == type ? entry.Example.DeepClone() : null;

    /// <summary>The example of the schema a media type refers to, directly, through allOf, or as the items of an array.</summary>
    private JsonNode? ExampleOf(IOpenApiSchema? schema) => schema switch
    {
        OpenApiSchemaReference reference => reference.Reference.Id is { } id && _bySchemaId.TryGetValue(id, out var entry) ? entry.Example.DeepClone() : null,
        OpenApiSchema { AllOf: [var only] } => ExampleOf(only),
        OpenApiSchema { Type: { } type, Items: { } items } when type.HasFlag(JsonSchemaType.Array) =>
            ExampleOf(items) is { } item ? new JsonArray(item) : null,
        _ => null,
    };

    private JsonObject MergePatch(JsonObject full)
    {
        var type = _bySchemaId.Values.FirstOrDefault(e => JsonNode.DeepEquals(e.Example, full)).Type;
        if (type is null || !MergePatchFields.TryGetValue(type, out var fields)) return full;
        return new JsonObject(fields.Select(f => KeyValuePair.Create(f, full[f]?.DeepClone())));
    }
}
