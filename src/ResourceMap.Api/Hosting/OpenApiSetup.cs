using Microsoft.AspNetCore.Authorization;
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
                          "(urn:resourcemap:problem:*). Writes need an API key in X-Api-Key; updates honour If-Match.",
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
        options.OperationFilter<CsvAlternativeOperationFilter>();
        options.SchemaFilter<OpenApiExamples>();
        OpenApiConventions.Configure(options);
        foreach (var type in new[] { typeof(Geometry), typeof(MultiPolygon), typeof(Polygon), typeof(Point) })
        {
            var name = type.Name;
            options.MapType(type, () => new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = $"GeoJSON {(name == "Geometry" ? "Polygon or MultiPolygon" : name)} geometry (RFC 7946, WGS84 longitude/latitude).",
            });
        }
        options.CustomSchemaIds(type => type.Name.Replace("`1", "Of") + string.Concat(type.GenericTypeArguments.Select(t => t.Name)));
        options.SupportNonNullableReferenceTypes();
    }

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
            response.Description = "Results as JSON (default), GeoJSON (Accept: application/geo+json or format=geojson) or CSV (format=csv).";
        }
    }

    /// <summary>
    /// Adds the CSV body of an endpoint marked with <see cref="CsvAlternativeMetadata"/> next to its JSON one (ApiExplorer
    /// keeps one response type per status, so a second Produces(200) would replace the JSON schema).
    /// </summary>
    private sealed class CsvAlternativeOperationFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var csv = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<CsvAlternativeMetadata>().FirstOrDefault();
            if (csv is null || operation.Responses?.TryGetValue("200", out var ok) != true || ok is not OpenApiResponse response) return;
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            response.Content["text/csv"] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = csv.Description },
            };
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
public sealed record CsvAlternativeMetadata(string Description);
