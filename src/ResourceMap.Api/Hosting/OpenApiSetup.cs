using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.OpenApi;
using NetTopologySuite.Geometries;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ResourceMap.Api.Hosting;

public static class OpenApiSetup
{
    public static void Configure(SwaggerGenOptions options)
    {
        options.SwaggerDoc("v1", new OpenApiInfo
        {
            Title = "ResourceMap API",
            Version = "v1",
            Description = "A shared, geographic directory of the social resources that Japanese municipalities use against " +
                          "loneliness and isolation (孤独・孤立対策): organisations, their sites and services, service areas, " +
                          "municipalities and wide-area regions. Errors are RFC 9457 problem details with stable `type` URIs " +
                          "(urn:resourcemap:problem:*). Writes need an API key in X-Api-Key; updates honour If-Match. " +
                          "Map front-ends: TileJSON 3.0 at /tiles/services.json and /tiles/municipalities.json; public reads " +
                          "allow any origin (CORS); Accept q-values choose JSON, GeoJSON or CSV, and an unproducible type is a 406.",
        });
        options.AddSecurityDefinition(ApiKeyOptions.Scheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyOptions.HeaderName,
            Description = "A personal API key (issued by an admin with POST /api/keys, or configured as a SHA-256 hash) with a role " +
                          "(partner, editor or admin) and a home municipality; only its SHA-256 is stored. Editors write only " +
                          "the records their home municipality owns. A key that does not authenticate (unknown, revoked or " +
                          "misconfigured) is 401 on every endpoint, public reads included; send no key to read as the public.",
        });
        options.OperationFilter<ApiKeyOperationFilter>();
        options.OperationFilter<SearchFormatsOperationFilter>();
        options.OperationFilter<AlternativeRepresentationsOperationFilter>();
        options.OperationFilter<UntypedBodiesOperationFilter>();
        OpenApiConventions.Configure(options);
        options.OperationFilter<OpenApiExamples>();
        foreach (var type in new[] { typeof(Geometry), typeof(MultiPolygon), typeof(Polygon), typeof(Point) })
        {
            var name = type.Name;
            options.MapType(type, () => new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = $"GeoJSON {(name == "Geometry" ? "Polygon or MultiPolygon" : name)} geometry (RFC 7946, WGS84 longitude/latitude).",
            });
        }
        options.CustomSchemaIds(SchemaId);
        options.SupportNonNullableReferenceTypes();
    }

    /// <summary>A schema's name in the document: the type's name, a generic one as PageOfServiceResponse.</summary>
    public static string SchemaId(Type type) =>
        type.Name.Replace("`1", "Of", StringComparison.Ordinal) + string.Concat(type.GenericTypeArguments.Select(t => t.Name));

    /// <summary>Adds the GeoJSON and CSV bodies of the search endpoints next to their JSON one.</summary>
    private sealed class SearchFormatsOperationFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<Search.SearchFormatsMetadata>().Any()) return;
            if (operation.Responses?.TryGetValue("200", out var ok) != true || ok is not OpenApiResponse response) return;
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            response.Content["application/geo+json"] = new OpenApiMediaType
            {
                Schema = context.SchemaGenerator.GenerateSchema(typeof(Search.SearchFeatureCollection), context.SchemaRepository),
            };
            response.Content["text/csv"] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "UTF-8 with BOM; one row per result." },
            };
            response.Description = "Results as JSON (default), GeoJSON (Accept: application/geo+json or format=geojson) or CSV (Accept: text/csv or format=csv); Accept q-values decide, format= wins. A Link header (rel=next) names the next page.";
        }
    }

    /// <summary>
    /// Adds the CSV or GeoJSON body of an endpoint marked with <see cref="CsvAlternativeMetadata"/> or
    /// <see cref="GeoJsonAlternativeMetadata"/> next to its JSON one (ApiExplorer keeps one response type per status, so a
    /// second Produces(200) would replace the JSON schema).
    /// </summary>
    private sealed class AlternativeRepresentationsOperationFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
            var csv = metadata.OfType<CsvAlternativeMetadata>().FirstOrDefault();
            var geoJson = metadata.OfType<GeoJsonAlternativeMetadata>().FirstOrDefault();
            if (csv is null && geoJson is null) return;
            if (operation.Responses?.TryGetValue("200", out var ok) != true || ok is not OpenApiResponse response) return;
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            if (csv is not null)
            {
                response.Content["text/csv"] = new OpenApiMediaType
                {
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = csv.Description },
                };
            }
            if (geoJson is not null)
            {
                response.Content[Common.GeoJsonMedia.MediaType] = new OpenApiMediaType
                {
                    Schema = context.SchemaGenerator.GenerateSchema(geoJson.FeatureType, context.SchemaRepository),
                };
            }
        }
    }

    /// <summary>
    /// Gives the body of a 2xx answer that ApiExplorer knows only by its media type (an export, a zip, a print page) a
    /// schema: text as a string, anything else as binary. Without it the document would list such answers with no content.
    /// </summary>
    private sealed class UntypedBodiesOperationFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            // ApiExplorer drops the media types of a typeless Produces(…): the endpoint's own metadata keeps them.
            foreach (var produced in context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IProducesResponseTypeMetadata>())
            {
                if (produced.StatusCode is < 200 or > 299 || (produced.Type is not null && produced.Type != typeof(void))) continue;
                var status = produced.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (operation.Responses?.TryGetValue(status, out var documented) != true || documented is not OpenApiResponse response) continue;
                foreach (var mediaType in produced.ContentTypes)
                {
                    response.Content ??= new Dictionary<string, OpenApiMediaType>();
                    response.Content.TryAdd(mediaType, new OpenApiMediaType
                    {
                        Schema = mediaType.StartsWith("text/", StringComparison.Ordinal)
                            ? new OpenApiSchema { Type = JsonSchemaType.String }
                            : new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                    });
                }
            }
        }
    }

    /// <summary>Marks the operations that need a key, and documents their 401 and 403 answers.</summary>
    private sealed class ApiKeyOperationFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any()) return;
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(ApiKeyOptions.Scheme, context.Document)] = [],
            });
            operation.Responses ??= new OpenApiResponses();
            operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No API key, or a key that is not valid or has been revoked." });
            operation.Responses.TryAdd("403", new OpenApiResponse
            {
                Description = "The key's role may not perform this operation, or the body assigns the record to a municipality " +
                              "other than the editor's home municipality.",
            });
            // Writes to an owned record by id (organisations, sites, services, surveys).
            var path = context.ApiDescription.RelativePath ?? "";
            string[] owned = ["api/organizations/{id", "api/locations/{id", "api/services/{id", "api/surveys/{id"];
            if (context.ApiDescription.HttpMethod != "GET" && owned.Any(o => path.StartsWith(o, StringComparison.Ordinal)))
            {
                operation.Responses.TryAdd("404", new OpenApiResponse
                {
                    Description = "No such record, or one owned by another municipality than the editor's: both answer alike, " +
                                  "so a key cannot learn whether an id exists elsewhere.",
                });
            }
        }
    }
}

/// <summary>Marks an endpoint whose 200 answer also comes as CSV (format=csv or Accept: text/csv).</summary>
public sealed record CsvAlternativeMetadata(string Description) : IRepresentationsMetadata
{
    public IReadOnlyList<string> MediaTypes { get; } = ["application/json", "text/csv"];

    public string? FormatParameter => "format";
}

/// <summary>Marks an endpoint whose 200 answer also comes as a GeoJSON Feature (format=geojson or Accept: application/geo+json).</summary>
public sealed record GeoJsonAlternativeMetadata(Type FeatureType) : IRepresentationsMetadata
{
    public IReadOnlyList<string> MediaTypes { get; } = ["application/json", Common.GeoJsonMedia.MediaType];

    public string? FormatParameter => "format";
}
